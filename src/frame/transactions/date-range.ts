import type { TransactionRange } from '../api/transactions-query.js';

/**
 * The panel's ranges are calendar days in the cardholder's own time zone, both ends
 * included, as a person reads "from the 3rd to the 9th". The server takes instants and a
 * half-open range, so the last day runs to the next local midnight. An end day before
 * the start day therefore gives end ≤ start, and the server's 1019 says so.
 */
const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a local date, the value format of `<input type="date">`. */
export function dayOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last `days` days, today included. */
export function lastDays(days: number, today = new Date()): { from: string; to: string } {
  const from = new Date(today);
  from.setDate(from.getDate() - (days - 1));
  return { from: dayOf(from), to: dayOf(today) };
}

/** A date as the cardholder's clock reads it, with its offset from UTC: `2025-10-30T00:00:00+01:00`. */
function localInstant(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const abs = Math.abs(offset);
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${dayOf(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:00${zone}`;
}

/**
 * Local midnight of `from` up to the local midnight after `to`; null for a date Date can't read.
 * Each end carries its own UTC offset: across a clock change the span is a day's length off by
 * the shift (90 days over the end of summer time are 90 × 24 h + 1 h), and the offsets, which
 * differ by that shift, are what lets the server's 90-day limit allow for it.
 */
export function rangeOf({ from, to }: { from: string; to: string }): TransactionRange | null {
  const start = localMidnight(from);
  const end = localMidnight(to, 1);
  return start && end ? { start: localInstant(start), end: localInstant(end) } : null;
}

/**
 * The first instant of local day `day` (`YYYY-MM-DD`), `later` days on: midnight, or 01:00
 * where the clocks skip midnight that day (Santiago, Cairo). Built from the day's parts, not
 * by adding a day to a time, which a skipped midnight would have moved to 01:00 for good.
 */
function localMidnight(day: string, later = 0): Date | null {
  // four-digit years, as dayOf writes them back and the server reads them
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!parts) return null;
  const d = new Date(0);
  d.setFullYear(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]) + later);
  d.setHours(0, 0, 0, 0);
  return Number.isNaN(d.getTime()) ? null : d;
}
