import { z } from 'zod';

/** ISO 8601 with a zone (`Z` or `+08:00`): a bare local time would mean a different instant on each side. */
export const isoInstant = z.iso.datetime({ offset: true });

/**
 * An instant as its whole milliseconds and the digits below them, which Date.parse drops.
 * Trailing zeros go, so that comparing two `rest`s as text compares them as fractions.
 */
export interface Instant {
  ms: number;
  rest: string;
  /** the UTC offset it was written with, in ms (`Z` is 0) */
  offsetMs: number;
}

/** Reads a text isoInstant accepted. */
export function instantOf(text: string): Instant {
  const zone = /([+-])(\d{2}):?(\d{2})?$/.exec(text);
  return {
    ms: Date.parse(text),
    rest: (/\.\d{3}(\d*)/.exec(text)?.[1] ?? '').replace(/0+$/, ''),
    offsetMs: zone ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3] ?? 0)) * 60_000 : 0,
  };
}

/** Whether `to` lies more than `span` ms after `from`, to the last digit either was written with. */
export function isLongerThan(from: Instant, to: Instant, span: number): boolean {
  const gap = to.ms - from.ms;
  return gap > span || (gap === span && to.rest > from.rest);
}

/**
 * Rounded up to the millisecond. Records are kept to the millisecond, so a half-open
 * [start, end) holds the same ones as [⌈start⌉, ⌈end⌉).
 */
export const ceilMs = (i: Instant): number => i.ms + (i.rest ? 1 : 0);
