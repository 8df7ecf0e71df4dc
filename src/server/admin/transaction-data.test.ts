import { describe, expect, it } from 'vitest';
import { parseMinorUnits, parseTransaction } from './transaction-data.js';

const txn = (amount: string, currency: string) =>
  parseTransaction({ amount, currency, merchantName: 'Shop', status: 'completed', time: '2026-03-01T12:00:00Z' });
const refused = (code: number, field: string) => expect.objectContaining({ code, field });

describe('transaction amounts entering through the admin CLI', () => {
  // The same amounts the frame's format test turns back into text: stored here, shown there.
  it.each([
    ['27.00', 'HUF', 2700],
    ['2700', 'HUF', 270000],
    ['1234.56', 'HUF', 123456],
    ['15000.5', 'IDR', 1500050],
    ['1.234', 'IQD', 1234],
    ['1000', 'IQD', 1000000],
    ['1200', 'JPY', 1200],
    ['1.234', 'KWD', 1234],
    ['12.34', 'USD', 1234],
    ['12.34', 'usd', 1234],
  ])('stores %s %s as %i minor units, per ISO 4217', (amount, currency, minor) => {
    expect(txn(amount, currency)).toMatchObject({ amount: minor, currency: currency.toUpperCase() });
  });

  it('reads HUF with two decimals, not the none Node 20’s Intl gives it', () => {
    expect(txn('2700.50', 'HUF').amount).toBe(270050);
  });

  it.each([
    ['1.005', 'HUF'],
    ['1.5', 'JPY'],
    ['1.2345', 'IQD'],
    ['1.2345', 'KWD'],
    ['1.005', 'USD'],
  ])('refuses %s %s: more decimals than the currency has, with 1004 amount', (amount, currency) => {
    expect(() => txn(amount, currency)).toThrow(refused(1004, 'amount'));
  });

  it.each(['XAU', 'XDR', 'XYZ', 'US'])('refuses the currency %s with 1004 currency', (currency) => {
    expect(() => txn('1', currency)).toThrow(refused(1004, 'currency'));
  });

  it('scales by the digits it is given, refusing rather than rounding', () => {
    expect(parseMinorUnits('1.2345', 4)).toBe(12345);
    expect(parseMinorUnits('7', 0)).toBe(7);
    expect(parseMinorUnits('7.', 2)).toBeNull();
    expect(parseMinorUnits('1.23', 1)).toBeNull();
  });
});
