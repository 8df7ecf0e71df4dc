import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight.js';

describe('singleFlight', () => {
  it('gives callers that come while it runs the one result, and starts afresh once it has settled', async () => {
    let runs = 0;
    let finish: (value: number) => void = () => {};
    const check = singleFlight(() => {
      runs += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    });
    const first = [check(), check(), check()];
    expect(runs).toBe(1);
    finish(7);
    expect(await Promise.all(first)).toEqual([7, 7, 7]);
    const later = check();
    expect(runs).toBe(2);
    finish(8);
    expect(await later).toBe(8);
  });

  it('shares a failure the same way, and does not keep it', async () => {
    let runs = 0;
    const check = singleFlight(async () => {
      runs += 1;
      if (runs === 1) throw new Error('down');
      return 'up';
    });
    const [a, b] = [check(), check()];
    await expect(a).rejects.toThrow('down');
    await expect(b).rejects.toThrow('down');
    expect(await check()).toBe('up');
    expect(runs).toBe(2);
  });
});
