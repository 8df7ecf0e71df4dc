/** The card fields a Client-Access-Token can grant, in display order. */
export const CARD_FIELDS = ['pan', 'expiry', 'cvv', 'pin'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

export function isCardField(value: unknown): value is CardField {
  // includes() compares without coercion: nothing but one of these strings is found
  return (CARD_FIELDS as readonly unknown[]).includes(value);
}

/**
 * What a token can grant: the card fields plus the read-only transactions panel. Kept
 * apart from CARD_FIELDS on purpose: card fields drive envelopes, reveal rows and audit
 * events; `transactions` carries no card data and has none of those.
 */
const withTransactions = () => [...CARD_FIELDS, 'transactions'] as const;
// A call marked pure, so that a bundle using only the card fields (the SDK) leaves it
// out: bundlers keep a bare spread, which could run an iterator.
export const GRANTABLE_FIELDS = /* @__PURE__ */ withTransactions();
export type GrantableField = (typeof GRANTABLE_FIELDS)[number];

export function isGrantableField(value: unknown): value is GrantableField {
  return value === 'transactions' || isCardField(value);
}

/**
 * Whether a field may be copied: the PIN is for reading at an ATM, not for pasting, so the
 * frame offers no Copy for it and the server records no copy of it (DESIGN §7).
 */
export function isCopyable(field: CardField): boolean {
  return field !== 'pin';
}

/** Envelope groups: everything but the PIN travels in `card`; the PIN alone in `pin`. */
export type EnvelopeGroup = 'card' | 'pin';

export function groupOf(field: CardField): EnvelopeGroup {
  return field === 'pin' ? 'pin' : 'card';
}

export const CARD_TYPES = ['virtual', 'physical'] as const;
export type CardType = (typeof CARD_TYPES)[number];

export const MODES = ['embed', 'hosted'] as const;
export type DisplayMode = (typeof MODES)[number];
