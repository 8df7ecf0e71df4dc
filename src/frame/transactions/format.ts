import type { TransactionItem } from '../../shared/api.js';
import { langTag, type Locale } from '../../shared/locale.js';
import { currencyDigits } from '../../shared/money.js';

/**
 * Minor units in the cardholder's language: `$12.34`, `¥1,200`; a refund reads as a credit.
 * The digits are the shared ISO 4217 table's, set explicitly: left to Intl, each browser
 * would use its own CLDR (HUF shows 2 decimals in one release and none in the next), and
 * the text would no longer be the amount the server stored.
 */
export function formatAmount(t: Pick<TransactionItem, 'amount' | 'currency' | 'status'>, locale: Locale): string {
  const digits = currencyDigits(t.currency);
  return new Intl.NumberFormat(langTag(locale), {
    style: 'currency',
    currency: t.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: t.status === 'refunded' ? 'always' : 'auto',
  }).format(t.amount / 10 ** digits);
}

/** Date and time in the cardholder's time zone and language. */
export function formatTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(langTag(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
