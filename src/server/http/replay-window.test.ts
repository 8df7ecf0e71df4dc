import { describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_MS as W } from '../../shared/api.js';
import { checkTimestamp, nonceExpiry } from './replay-window.js';

const NOW = 1_800_000_000_000;
const passes = (timestamp: number, at: number) => {
  try {
    checkTimestamp(String(timestamp), at);
    return true;
  } catch (error) {
    expect(error).toMatchObject({ code: 1005 });
    return false;
  }
};

describe('the replay window', () => {
  it('takes a timestamp up to the window either side, the edge included, and refuses what is not one', () => {
    expect([passes(NOW - W, NOW), passes(NOW + W, NOW)]).toEqual([true, true]);
    expect([passes(NOW - W - 1, NOW), passes(NOW + W + 1, NOW)]).toEqual([false, false]);
    for (const bad of [undefined, '', '17e11', ' 1800000000000', '1800000000000.5', '123']) {
      expect(() => checkTimestamp(bad, NOW)).toThrow(expect.objectContaining({ code: 1005 }));
    }
  });

  // A store forgets a nonce once its expiry is reached (`expires_at <= now` in every purge).
  it.each([-W, 0, W])('keeps a nonce for as long as its timestamp (now %+d ms) can pass, the last instant included', (offset) => {
    const timestamp = NOW + offset;
    expect(passes(timestamp, NOW)).toBe(true);
    const expiry = nonceExpiry(NOW);
    const lastPass = timestamp + W;
    expect(passes(timestamp, lastPass)).toBe(true);
    expect(lastPass).toBeLessThan(expiry); // a purge at that instant keeps it
    expect(passes(timestamp, expiry)).toBe(false);
  });
});
