import { TRANSACTION_STATUSES, type TransactionStatus } from '../../shared/api.js';
import { currencyDigits, hasMinorUnit } from '../../shared/money.js';
import { ApiError } from '../errors.js';
import { instantOf, isoInstant, type Instant } from '../instant.js';

/** Validation of transactions entering the store through the admin CLI, field by field. */
export interface TransactionFields {
  amount: number;
  currency: string;
  merchantName: string;
  status: TransactionStatus;
  time: number;
}

/** An ISO 8601 date-time with a zone (`Z` or `+08:00`), every digit kept; a bare date or a local time is refused. */
export function parseExactInstant(value: string, field: string): Instant {
  if (!isoInstant.safeParse(value).success) throw new ApiError(1004, field);
  return instantOf(value);
}

/** The same as epoch milliseconds, as the store keeps times. */
export const parseInstant = (value: string, field: string): number => parseExactInstant(value, field).ms;
/** Amounts above this many minor units are a typo, not a card payment. */
const MAX_MINOR_UNITS = 1e12;
// The runtime's list of codes, only to refuse an unknown one (it would format as nonsense in
// the frame); how many decimals a code has comes from our fixed ISO 4217 table, never Intl.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency').filter(hasMinorUnit));

export function parseTransaction(input: {
  amount: string;
  currency: string;
  merchantName: string;
  status: string;
  time: string;
}): TransactionFields {
  const currency = input.currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency) || !CURRENCIES.has(currency)) throw new ApiError(1004, 'currency');
  const amount = parseMinorUnits(input.amount, currencyDigits(currency));
  if (amount === null) throw new ApiError(1004, 'amount');
  const merchantName = input.merchantName.trim();
  if (!merchantNameValid(merchantName)) throw new ApiError(1004, 'merchant_name');
  if (!(TRANSACTION_STATUSES as readonly string[]).includes(input.status)) throw new ApiError(1004, 'status');
  const time = parseInstant(input.time, 'time');
  return { amount, currency, merchantName, status: input.status as TransactionStatus, time };
}

/** `12.34` with 2 digits → 1234; more decimals than the currency has is refused, not rounded. */
export function parseMinorUnits(amount: string, digits: number): number | null {
  const m = /^(\d{1,13})(?:\.(\d+))?$/.exec(amount);
  if (!m || (m[2] ?? '').length > digits) return null;
  const minor = Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) && minor <= MAX_MINOR_UNITS ? minor : null;
}

/**
 * Text of 1–64 characters, with no control, private-use or unassigned one, and no run of 12
 * or more digits: the panel sits next to the card and must never show something that reads as
 * a card number. Digits of any script count, full-width ones too (NFKC), and whatever a reader
 * sees past between them does not break a run: spaces, punctuation, symbols, combining marks
 * and invisible characters (zero-width ones are kept in a name, where joiners belong to emoji
 * and Persian script).
 */
export function merchantNameValid(name: string): boolean {
  if (name.length < 1 || name.length > 64 || /[\p{Cc}\p{Co}\p{Cn}\p{Cs}]/u.test(name)) return false;
  return !/\p{Nd}{12,}/u.test(
    name.normalize('NFKC').replace(/[\p{Z}\p{P}\p{S}\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}\s]/gu, ''),
  );
}
