import type * as NodeCrypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Every fill of the pool writes a recognisable sequence, so each draw can be traced back to
// the fill and the offset it came from.
let fills = 0;
let lastFilled: Uint8Array | null = null;
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof NodeCrypto>();
  return {
    ...real,
    randomFillSync: <T extends NodeJS.ArrayBufferView>(buf: T): T => {
      fills++;
      const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (fills * 31 + i) & 0xff;
      lastFilled = bytes;
      return buf;
    },
  };
});

const freshPool = async () => {
  vi.resetModules();
  fills = 0;
  return (await import('./random-pool.js')).drawRandom;
};

const expected = (fill: number, from: number, size: number) =>
  Buffer.from(Array.from({ length: size }, (_, i) => (fill * 31 + from + i) & 0xff));

describe('drawRandom', () => {
  let drawRandom: (size: number) => Buffer;
  beforeEach(async () => {
    drawRandom = await freshPool();
  });

  it('hands each byte of a fill out once, in order, and fills again only when the pool is spent', () => {
    const a = drawRandom(44);
    const b = drawRandom(12);
    expect(fills).toBe(1);
    expect(a).toEqual(expected(1, 0, 44));
    expect(b).toEqual(expected(1, 44, 12));
    // 4096 − 56 bytes are left: a draw that does not fit refills, and starts the new fill
    drawRandom(4096 - 56 - 4);
    const c = drawRandom(8);
    expect(fills).toBe(2);
    expect(c).toEqual(expected(2, 0, 8));
  });

  it('zeroes what it hands out in the pool, and only that', () => {
    const key = drawRandom(32);
    const pool = lastFilled!;
    expect(pool.length).toBe(4096);
    expect(pool.subarray(0, 32).every((b) => b === 0)).toBe(true);
    expect(Buffer.from(pool.subarray(32, 64))).toEqual(expected(1, 32, 32));
    expect(key).toEqual(expected(1, 0, 32));
  });

  it('returns buffers of their own: changing one changes no later draw', () => {
    const a = drawRandom(16);
    a.fill(0xee);
    expect(drawRandom(16)).toEqual(expected(1, 16, 16));
  });

  it('gives each draw memory of its own, outside the shared small-buffer slab', () => {
    const key = drawRandom(32);
    expect(key.buffer.byteLength).toBe(32);
    expect(key.byteOffset).toBe(0);
  });

  it('draws more than a pool holds directly, leaving the pool as it was', () => {
    const big = drawRandom(5000);
    expect(big.length).toBe(5000);
    expect(fills).toBe(1);
    expect(drawRandom(4)).toEqual(expected(2, 0, 4));
  });

  it('refuses a size that is not a whole number of bytes', () => {
    expect(() => drawRandom(-1)).toThrow(RangeError);
    expect(() => drawRandom(1.5)).toThrow(RangeError);
    expect(drawRandom(0).length).toBe(0);
  });
});
