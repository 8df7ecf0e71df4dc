import type { Card, Merchant } from '../stores/types.js';

/**
 * Whether a merchant may still show its cards, now (DESIGN §5 step 6: "checked now, not only
 * at mint time"): the code that refuses it, or null. An unknown merchant is the caller's
 * 1021. The exchange asks before it opens a session, and the transactions query before each
 * page, so that a merchant frozen or switched off meanwhile shows nothing more.
 */
export function merchantRefusal(merchant: Merchant): 1022 | 1013 | null {
  if (merchant.status !== 'active') return 1022;
  if (!merchant.pciDisplay) return 1013;
  return null;
}

/**
 * Whether a card may still be shown for `merchantId` (step 8): another merchant's card reads
 * as unknown (4004), one no longer active as 4005. An unknown card is the caller's 4004.
 */
export function cardRefusal(card: Card, merchantId: string): 4004 | 4005 | null {
  if (card.merchantId !== merchantId) return 4004;
  if (card.status !== 'active') return 4005;
  return null;
}
