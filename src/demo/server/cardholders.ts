import { GRANTABLE_FIELDS, type CardType, type GrantableField } from '../../shared/fields.js';
import type { DemoCredentials } from '../../shared/demo-credentials.js';

/**
 * Whose cards are whose. A token shows whatever card and fields it names, so before it
 * mints one the merchant's backend must know who is asking (its own sign-in, never the
 * request body) and that the card is theirs. A real backend answers from its database;
 * the demo has one stand-in cardholder who owns the two seeded cards.
 */
export interface OwnedCard {
  card_id: string;
  label: string;
  type: CardType;
  last4: string;
  /** what the cardholder may see of this card, in display order */
  fields: readonly GrantableField[];
}

export interface Cardholder {
  id: string;
  cards: readonly OwnedCard[];
}

export const DEMO_CARDHOLDER_ID = 'ch_demo';

/** The merchant's policy, decided here and not by the page: a virtual card has no PIN. */
export function fieldsFor(type: CardType): GrantableField[] {
  return GRANTABLE_FIELDS.filter((field) => field !== 'pin' || type === 'physical');
}

export interface CardholderDirectory {
  find(cardholderId: string): Cardholder | undefined;
}

export function createCardholderDirectory(creds: Pick<DemoCredentials, 'cards'>): CardholderDirectory {
  const demo: Cardholder = {
    id: DEMO_CARDHOLDER_ID,
    cards: creds.cards.map((card) => ({ ...card, fields: fieldsFor(card.type) })),
  };
  const byId = new Map([[demo.id, demo]]);
  return { find: (cardholderId) => byId.get(cardholderId) };
}

export type Grant =
  | { ok: true; card_id: string; fields: GrantableField[] }
  | { ok: false; reason: 'not_your_card' }
  | { ok: false; reason: 'field_not_allowed'; field: GrantableField };

/**
 * What a token for this cardholder may grant. The card must be one of theirs: any
 * other id, another cardholder's or none at all, gets the same answer, so ids cannot
 * be probed. The page may ask for fewer fields than the cardholder may see, never more.
 */
export function decideGrant(cardholder: Cardholder, request: { card_id: string; fields: readonly GrantableField[] }): Grant {
  const card = cardholder.cards.find((c) => c.card_id === request.card_id);
  if (!card) return { ok: false, reason: 'not_your_card' };
  const refused = request.fields.find((field) => !card.fields.includes(field));
  if (refused) return { ok: false, reason: 'field_not_allowed', field: refused };
  return { ok: true, card_id: card.card_id, fields: card.fields.filter((field) => request.fields.includes(field)) };
}
