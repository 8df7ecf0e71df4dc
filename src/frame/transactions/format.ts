import type { TransactionItem } from '../../shared/api.js';
import type { Locale } from '../../shared/locale.js';
import { currencyDigits } from '../../shared/money.js';

/** BCP 47 tags for Intl: the platform's `zh_CN` is `zh-CN` there. */
export const intlTag = (locale: Locale): string => (locale === 'zh_CN' ? 'zh-CN' : 'en-US');

/** Minor units in the cardholder's language: `$12.34`, `¥1,200`; a refund reads as a credit. */
export function formatAmount(t: Pick<TransactionItem, 'amount' | 'currency' | 'status'>, locale: Locale): string {
  return new Intl.NumberFormat(intlTag(locale), {
    style: 'currency',
    currency: t.currency,
    signDisplay: t.status === 'refunded' ? 'always' : 'auto',
  }).format(t.amount / 10 ** currencyDigits(t.currency));
}

/** Date and time in the cardholder's time zone and language. */
export function formatTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
