import { describe, expect, it } from 'vitest';
import { median, ratioOfMediansInterval, summarize } from './stats.js';

describe('ratioOfMediansInterval', () => {
  const spread = Array.from({ length: 30 }, (_, i) => 100 + ((i * 37) % 60)); // 100–159, no pattern in i

  it('is exact when every pair has the same ratio', () => {
    const [lo, hi] = ratioOfMediansInterval(
      spread,
      spread.map((v) => v / 3),
    );
    expect(lo).toBeCloseTo(3, 12);
    expect(hi).toBeCloseTo(3, 12);
  });

  it('brackets the sample’s own ratio, and widens with the noise', () => {
    const baseline = spread.map((v) => v / 3);
    const noisy = spread.map((v, i) => v * (i % 2 ? 1.4 : 0.7));
    const ratio = median(noisy) / median(baseline);
    const [lo, hi] = ratioOfMediansInterval(noisy, baseline);
    expect(lo).toBeLessThan(ratio);
    expect(hi).toBeGreaterThan(ratio);
    const [calmLo, calmHi] = ratioOfMediansInterval(
      spread.map((v, i) => v * (i % 2 ? 1.05 : 0.95)),
      baseline,
    );
    expect(hi - lo).toBeGreaterThan(calmHi - calmLo);
  });

  it('gives one interval for one sample, run after run', () => {
    const b = spread.map((v, i) => v / 2 + (i % 7));
    expect(ratioOfMediansInterval(spread, b)).toEqual(ratioOfMediansInterval(spread, b));
  });

  it('has nothing to say about no sample, and refuses samples that are not pairs', () => {
    expect(ratioOfMediansInterval([], [])).toEqual([NaN, NaN]);
    expect(() => ratioOfMediansInterval([1, 2], [1])).toThrow(/not pairs/);
  });
});

describe('median', () => {
  it('is the middle value of an odd count, and the mean of the two middle ones of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(summarize([10, 40, 20, 30]).median).toBe(25);
  });
});
