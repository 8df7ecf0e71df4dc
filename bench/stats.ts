/**
 * Order statistics over a sample: p95 by nearest rank (a value that was measured), the median
 * as the middle value, or the mean of the two middle ones for an even count (the lower one
 * alone would pull every median of 30 mounts down).
 */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

/** The median of a sorted sample. */
export function medianOfSorted(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

export const median = (values: readonly number[]): number => medianOfSorted([...values].sort((a, b) => a - b));

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    median: round(medianOfSorted(sorted)),
    p95: round(quantile(sorted, 0.95)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(mean),
  };
}

/**
 * A 95% interval for median(a) / median(b) by the paired bootstrap. a[i] and b[i] were
 * measured side by side (the bench interleaves its pairs), so they are drawn together and
 * share whatever the machine was doing then. Seeded: one sample always gives one interval,
 * so two runs' intervals differ only by what was measured.
 */
export function ratioOfMediansInterval(a: readonly number[], b: readonly number[], resamples = 2000): [number, number] {
  if (a.length !== b.length) throw new Error(`ratioOfMediansInterval: ${a.length} against ${b.length} values are not pairs`);
  const n = a.length;
  if (n === 0) return [NaN, NaN];
  const next = xorshift32(0x9e3779b9);
  const ratios: number[] = [];
  const drawnA: number[] = new Array<number>(n);
  const drawnB: number[] = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(next() * n);
      drawnA[i] = a[j]!;
      drawnB[i] = b[j]!;
    }
    ratios.push(median(drawnA) / median(drawnB));
  }
  ratios.sort((x, y) => x - y);
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)];
}

/** Marsaglia's xorshift: uniform in [0, 1), enough for resampling, and repeatable. */
function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export const KIB = 1024;
