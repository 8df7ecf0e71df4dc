/** Validation of card data entering the store through the admin CLI. */

export function luhnValid(pan: string): boolean {
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let d = Number(pan[pan.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function brandOf(pan: string): string {
  if (/^4/.test(pan)) return 'visa';
  if (/^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/.test(pan)) return 'mastercard';
  if (/^3[47]/.test(pan)) return 'amex';
  if (/^62/.test(pan)) return 'unionpay';
  if (/^(6011|65|64[4-9])/.test(pan)) return 'discover';
  if (/^35(2[89]|[3-8]\d)/.test(pan)) return 'jcb';
  return 'card';
}

/**
 * A card's PIN as the admin CLI takes it (DESIGN §8, `--pin NNNNNN`): six digits. The PIN is
 * the issuer's, which Cardveil displays and never sets, so the platform's rule for choosing a
 * PIN (4016: no three identical or consecutive digits) is not applied to it; its code answers
 * a PIN that is not six digits.
 */
export const pinFormatValid = (pin: string): boolean => /^\d{6}$/.test(pin);

/** `MM/YY` → month and four-digit year, or null. */
export function parseExpiry(value: string): { exp_month: string; exp_year: string } | null {
  const m = /^(0[1-9]|1[0-2])\/(\d{2})$/.exec(value);
  return m ? { exp_month: m[1]!, exp_year: `20${m[2]}` } : null;
}
