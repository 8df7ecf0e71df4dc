import { afterEach, describe, expect, it, vi } from 'vitest';
import { dayOf, lastDays, rangeOf } from './date-range.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the panel’s date ranges', () => {
  it('writes local dates as an <input type="date"> does', () => {
    expect(dayOf(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('counts today in "the last n days"', () => {
    expect(lastDays(7, new Date(2026, 2, 3, 10))).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(lastDays(30, new Date(2026, 2, 3, 10))).toEqual({ from: '2026-02-02', to: '2026-03-03' });
  });

  it('sends both days whole: local midnight to the midnight after the last day', () => {
    const r = rangeOf({ from: '2026-03-01', to: '2026-03-07' })!;
    expect(new Date(r.start).getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(r.end).getTime()).toBe(new Date(2026, 2, 8).getTime());
    expect(r.start).toMatch(/^2026-03-01T00:00:00[+-]\d{2}:\d{2}$/);
  });

  it('lets an inverted range through, as a range the server answers with 1019', () => {
    const same = rangeOf({ from: '2026-03-07', to: '2026-03-07' })!;
    expect(Date.parse(same.end) - Date.parse(same.start)).toBeGreaterThanOrEqual(23 * 3_600_000);
    const inverted = rangeOf({ from: '2026-03-07', to: '2026-03-06' })!;
    expect(Date.parse(inverted.end)).toBeLessThanOrEqual(Date.parse(inverted.start));
  });

  it('lets a 120-day range through, as one the server answers with 1020', () => {
    const r = rangeOf(lastDays(120, new Date(2026, 5, 1)))!;
    expect(Date.parse(r.end) - Date.parse(r.start)).toBeGreaterThan(90 * DAY);
  });

  // Node re-reads TZ when it is assigned (vi.stubEnv, undone after each test), so these run
  // in Berlin whatever the machine's zone; each end carries Berlin's offset on its day.
  it.each([
    ['end', '2025-08-01', '2025-10-29', '2025-08-01T00:00:00+02:00', '2025-10-30T00:00:00+01:00', 90 * DAY + HOUR],
    ['start', '2026-01-01', '2026-03-31', '2026-01-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00', 90 * DAY - HOUR],
  ])(
    'sends 90 Berlin days across the %s of summer time from local midnight to local midnight',
    (_edge, from, to, start, end, span) => {
      vi.stubEnv('TZ', 'Europe/Berlin');
      const r = rangeOf({ from, to })!;
      expect(r).toEqual({ start, end });
      expect(Date.parse(r.end) - Date.parse(r.start)).toBe(span);
    },
  );

  // Santiago's clocks go from 00:00 to 01:00 at the start of summer time (2024-09-08): that
  // day's first instant is 01:00, and the next day's midnight is a midnight again.
  it('ends a range on the day clocks spring forward at midnight at the next midnight, not at 01:00', () => {
    vi.stubEnv('TZ', 'America/Santiago');
    expect(rangeOf({ from: '2024-09-08', to: '2024-09-08' })).toEqual({
      start: '2024-09-08T01:00:00-03:00',
      end: '2024-09-09T00:00:00-03:00',
    });
    expect(rangeOf({ from: '2024-09-01', to: '2024-09-07' })!.end).toBe('2024-09-08T01:00:00-03:00');
  });

  it('gives nothing for a date it cannot read', () => {
    expect(rangeOf({ from: '', to: '2026-03-01' })).toBeNull();
    expect(rangeOf({ from: '2026-03-01', to: '275760-09-14' })).toBeNull();
  });
});
