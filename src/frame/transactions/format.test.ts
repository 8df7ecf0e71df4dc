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

  it('writes dates in the cardholder’s language', () => {
    const iso = new Date(2026, 2, 1, 9, 30).toISOString();
    expect(formatTime(iso, 'en_US')).toMatch(/^Mar 1, 2026/);
    expect(formatTime(iso, 'zh_CN')).toMatch(/^2026年3月1日/);
  });
});
