import { randomFillSync } from 'node:crypto';

/**
 * CSPRNG bytes for the hot paths (an exchange's envelope keys and IVs, session ids, minted
 * tokens, CSP nonces), drawn from OpenSSL 4 KiB at a time. A draw costs ≈ 5–8 µs on this
 * machine whatever its size (OpenSSL 3's per-call DRBG overhead), and an exchange made
 * three of them: ≈ 7% of the serving thread's time per exchange (docs/performance.md,
 * "Ninth round"). Node's own `randomUUID` caches its entropy the same way.
 *
 * Every byte is handed out once, copied into a buffer of its own (not a slice of Node's
 * shared small-buffer slab, where other buffers' `.buffer` would reach it), and zeroed in
 * the pool as it leaves, so a key taken from here is not left behind in memory after its
 * owner wipes it. Each thread has its own pool (module state is per isolate).
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let next = POOL_BYTES;

export function drawRandom(size: number): Buffer {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, got ${size}`);
  const out = Buffer.allocUnsafeSlow(size);
  if (size > POOL_BYTES) return randomFillSync(out);
  if (next + size > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  pool.copy(out, 0, next, next + size);
  pool.fill(0, next, next + size);
  next += size;
  return out;
}
