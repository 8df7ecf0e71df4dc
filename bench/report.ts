import { KIB } from './stats.js';

/** Issue 6's budgets, next to each figure. */
export const TARGETS = {
  sdkGzipBytes: 2390, // under 2.4 KB and under the closest peer, Highnote's card-viewer (2,391 B)
  frameGzipBytes: 115 * KIB,
  mountRatio: 3,
  revealMedianMs: 16,
  exchangeRps: 3000,
  exchangeVsHealthz: 0.25,
} as const;

export interface Row {
  section: string;
  metric: string;
  value: string;
  target: string;
  /** undefined: no target for this row */
  pass?: boolean | null;
}

const fmt = new Intl.NumberFormat('en-US');
export const n = (v: number | undefined | null, digits = 0) =>
  v === undefined || v === null || Number.isNaN(v) ? 'n/a' : fmt.format(Number(v.toFixed(digits)));

export function check(value: number | undefined | null, ok: (v: number) => boolean): boolean | null {
  return value === undefined || value === null || Number.isNaN(value) ? null : ok(value);
}

export function printTable(rows: Row[]): string {
  const head = ['', 'metric', 'value', 'target', 'pass'];
  const cells = rows.map((r) => [
    r.section,
    r.metric,
    r.value,
    r.target,
    r.pass === undefined ? '' : r.pass === null ? 'n/a' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 2 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ');
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  let prev = '';
  const body = cells.map((c) => {
    const shown = c[0] === prev ? ['', ...c.slice(1)] : c;
    prev = c[0]!;
    return line(shown);
  });
  return [line(head), sep, ...body].join('\n');
}
