import { describe, expect, it } from 'vitest';
import { currencyDigits, hasMinorUnit } from './money.js';

describe('currency minor units (ISO 4217)', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['CNY', 2],
    ['HUF', 2],
    ['IDR', 2],
    ['COP', 2],
    ['PKR', 2],
    ['MGA', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['XOF', 0],
    ['BHD', 3],
    ['IQD', 3],
    ['KWD', 3],
    ['TND', 3],
    ['CLF', 4],
    ['UYW', 4],
  ])('gives %s %i decimals', (currency, digits) => {
    expect(currencyDigits(currency)).toBe(digits);
  });

  it('keeps ISO 4217’s 2 decimals for HUF where Node 20’s Intl (ICU 78) says 0', () => {
    expect(currencyDigits('HUF')).toBe(2);
    expect(currencyDigits('IDR')).toBe(2);
    expect(currencyDigits('IQD')).toBe(3);
  });

  it('gives 2 to any code it does not list, as ISO 4217 does for all but a few', () => {
    expect(currencyDigits('SLE')).toBe(2);
    expect(currencyDigits('XCG')).toBe(2);
  });

  it('tells apart the codes ISO 4217 gives no minor unit', () => {
    for (const code of ['XAU', 'XAG', 'XDR', 'XSU', 'XTS', 'XXX']) expect(hasMinorUnit(code)).toBe(false);
    for (const code of ['USD', 'JPY', 'KWD', 'XAF', 'XPF', 'XCD']) expect(hasMinorUnit(code)).toBe(true);
  });
});
