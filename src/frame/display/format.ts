import type { CardField } from '../../shared/fields.js';

const DOT = '•';

/** What a field shows while hidden: the PAN keeps its last four, as on the card's back. */
export function maskedValue(field: CardField, last4: string): string {
  switch (field) {
    case 'pan':
      return `${DOT.repeat(4)} ${DOT.repeat(4)} ${DOT.repeat(4)} ${last4}`;
    case 'expiry':
      return `${DOT.repeat(2)}/${DOT.repeat(2)}`;
    case 'cvv':
      return DOT.repeat(3);
    case 'pin':
      return DOT.repeat(6);
  }
}

/** Group sizes as printed on the card: American Express 4-6-5, everything else fours. */
export function panGroups(pan: string): number[] {
  if (pan.length === 15 && /^3[47]/.test(pan)) return [4, 6, 5];
  return Array.from({ length: Math.ceil(pan.length / 4) }, (_, i) => Math.min(4, pan.length - i * 4));
}

export function formatPan(pan: string): string {
  let at = 0;
  return panGroups(pan)
    .map((size) => pan.slice(at, (at += size)))
    .join(' ');
}

/**
 * A revealed value as a screen reader should say it: one character at a time, a pause
 * between the card's groups. Read as it shows, "592718" is "five hundred ninety-two
 * thousand…", "4111" a number, and "08/31" a date or (in Chinese) a fraction.
 */
export function spokenValue(display: string): string {
  return display
    .split(/\s+/)
    .map((group) => [...group].join(' '))
    .join(', ');
}

/** A revealed field's text; the raw value (digits, `MM/YY`) is what a copy writes. */
export function revealedText(field: CardField, raw: string): string {
  return field === 'pan' ? formatPan(raw) : raw;
}
