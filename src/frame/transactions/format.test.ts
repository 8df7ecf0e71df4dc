import { describe, expect, it } from 'vitest';
import { formatAmount, formatTime } from './format.js';

describe('transaction formatting', () => {
  it.each([
    [{ amount: 1234, currency: 'USD', status: 'completed' as const }, 'en_US' as const, '$12.34'],
    [{ amount: 1234, currency: 'USD', status: 'refunded' as const }, 'en_US' as const, '+$12.34'],
    [{ amount: 3300, currency: 'JPY', status: 'pending' as const }, 'en_US' as const, '¥3,300'],
    [{ amount: 15680, currency: 'CNY', status: 'completed' as const }, 'zh_CN' as const, '¥156.80'],
    [{ amount: 1234, currency: 'BHD', status: 'completed' as const }, 'en_US' as const, 'BHD 1.234'],
  ])('formats %j in %s as %s, from minor units', (t, locale, text) => {
    expect(formatAmount(t, locale).replace(/\u00a0/g, ' ')).toBe(text);
  });

  // The amounts the admin parsing test stores, back as text. Digits come from the shared
  // ISO 4217 table, so every engine shows the same ones whatever its own CLDR data says.
  it.each([
    [2700, 'HUF', 'HUF 27.00', 'HUF 27.00'],
    [123456, 'HUF', 'HUF 1,234.56', 'HUF 1,234.56'],
    [1500050, 'IDR', 'IDR 15,000.50', 'IDR 15,000.50'],
    [1234, 'IQD', 'IQD 1.234', 'IQD 1.234'],
    [1000000, 'IQD', 'IQD 1,000.000', 'IQD 1,000.000'],
    [1200, 'JPY', '¥1,200', 'JP¥1,200'],
    [1234, 'KWD', 'KWD 1.234', 'KWD 1.234'],
    [1234, 'USD', '$12.34', 'US$12.34'],
    [1230, 'KWD', 'KWD 1.230', 'KWD 1.230'],
    [12345, 'CLF', 'CLF 1.2345', 'CLF 1.2345'],
  ])('shows %i %s as %s in en_US and %s in zh_CN', (amount, currency, en, zh) => {
    const t = { amount, currency, status: 'completed' as const };
    expect(formatAmount(t, 'en_US').replace(/\u00a0/g, ' ')).toBe(en);
    expect(formatAmount(t, 'zh_CN').replace(/\u00a0/g, ' ')).toBe(zh);
  });

  it('shows HUF with two decimals, not the none Node 20’s Intl would give it', () => {
    expect(formatAmount({ amount: 270050, currency: 'HUF', status: 'completed' }, 'en_US')).toMatch(/2,700\.50$/);
  });

  it('writes dates in the cardholder’s language', () => {
    const iso = new Date(2026, 2, 1, 9, 30).toISOString();
    expect(formatTime(iso, 'en_US')).toMatch(/^Mar 1, 2026/);
    expect(formatTime(iso, 'zh_CN')).toMatch(/^2026年3月1日/);
  });
});
