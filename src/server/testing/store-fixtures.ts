import type { ClientToken, DisplaySession } from '../stores/types.js';

/** A Client-Access-Token's grant as the mint route stores it, valid for a minute from `now`. */
export const sampleToken = (now: number, over: Partial<ClientToken> = {}): ClientToken => ({
  merchantId: 'mch_1',
  cardId: 'card_1',
  fields: ['pan', 'cvv'],
  mode: 'embed',
  parentOrigin: 'https://shop.example',
  expiresAt: now + 60_000,
  ...over,
});

/** The session an exchange of that grant opens, ending at `expiresAt`. */
export const sampleSession = (id: string, now: number, expiresAt = now + 600_000): DisplaySession => ({
  id,
  ...sampleToken(now),
  expiresAt,
});
