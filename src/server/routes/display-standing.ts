import type { DisplayMode } from '../../shared/fields.js';
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
 * Whether the merchant still allows a view in `mode` and, embedded, on `parentOrigin` (steps
 * 6–7), now: 1012 for a mode it no longer offers, 1015 for a page taken off its whitelist.
 * The exchange also holds the request to its token (same mode, same parent); this is what
 * the merchant may change afterwards, and the transactions query asks it before each page.
 */
export function placementRefusal(merchant: Merchant, mode: DisplayMode, parentOrigin: string | null): 1012 | 1015 | null {
  if (!merchant.modes.includes(mode)) return 1012;
  if (mode === 'embed' && (parentOrigin === null || !merchant.origins.includes(parentOrigin))) return 1015;
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
