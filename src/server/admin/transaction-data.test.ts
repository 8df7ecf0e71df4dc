import { describe, expect, it } from 'vitest';
import { merchantNameValid, parseMinorUnits, parseTransaction } from './transaction-data.js';

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

describe('merchant names entering through the admin CLI', () => {
  it.each([
    ['spaces', 'Shop 4111 1111 1111 1111'],
    ['dots', '4111.1111.1111.1111'],
    ['slashes and underscores', '4111/1111_1111/1111'],
    ['zero-width spaces', '4111\u200B1111\u200B1111\u200B1111'],
    ['full-width digits', '４１１１１１１１１１１１１１１１'],
    ['Arabic-Indic digits', '٤١١١١١١١١١١١١١١١'],
    ['a bullet between groups', '4111•1111•1111•1111'],
    ['symbols between groups', '4111|1111+1111=1111'],
    ['variation selectors', '4111\uFE0F1111\uFE0F1111\uFE0F1111'],
    ['combining grapheme joiners', '4111\u034F1111\u034F1111\u034F1111'],
  ])('refuses a card number written with %s', (_how, name) => {
    expect(merchantNameValid(name)).toBe(false);
  });

  it.each([
    ['a control character', 'Shop\u0007'],
    ['a private-use character', 'Shop\uE000'],
    ['a lone surrogate', 'Shop\uD800'],
    ['nothing', ''],
    ['65 characters', 'x'.repeat(65)],
  ])('refuses %s', (_what, name) => {
    expect(merchantNameValid(name)).toBe(false);
  });

  it.each([
    'Blue Bottle Coffee',
    '7-Eleven #12345',
    'Café Zürich',
    'می‌خانه', // a zero-width non-joiner, as Persian writes it
    '👩‍💻 Studio', // a zero-width joiner inside an emoji
    'x'.repeat(64),
  ])('accepts %s', (name) => {
    expect(merchantNameValid(name)).toBe(true);
  });
});
