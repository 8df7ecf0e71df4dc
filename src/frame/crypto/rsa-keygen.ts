import { big, bitLength, bytesOf, gcd, modInverse, modPow } from './bigint-math.js';
import type { RsaPrivateKey } from './rsa-private-key.js';

/**
 * RSA key generation on native BigInt, for the page without SubtleCrypto (an insecure
 * context, an old web view), where the key cannot come from WebCrypto. Probable primes
 * as FIPS 186-4 B.3.1 and B.3.3 ask for them: fresh random candidates with their top two
 * bits set (so p, q ≥ √2·2^(bits/2 − 1) and the modulus has exactly `bits` bits); trial
 * division, then Miller-Rabin with random bases; gcd(e, p − 1) = 1;
 * |p − q| > 2^(bits/2 − 100); d = e⁻¹ mod lcm(p − 1, q − 1), and d > 2^(bits/2).
 *
 * It runs on the page's thread in slices of ≈ 15 ms, giving the page its turn between
 * them (DESIGN §5: never the synchronous search that freezes the page).
 */

/** Fills `bytes` with cryptographically strong randomness, and returns them. */
export type RandomSource = (bytes: Uint8Array) => Uint8Array;

/** Resolves once the page has had its turn. */
export type Pause = () => Promise<void>;

export interface KeygenOptions {
  /** defaults to crypto.getRandomValues, which insecure contexts keep (only `subtle` goes) */
  random?: RandomSource;
  /** defaults to a message task, which browsers do not clamp as they clamp nested timers */
  pause?: Pause;
  /** how long the search runs before giving the page its turn; 15 ms by default */
  sliceMs?: number;
}

/**
 * Miller-Rabin rounds for a candidate that passed trial division. FIPS 186-5 Table B.1
 * asks 5 for the 1024-bit primes of a 2048-bit key (error ≤ 2⁻¹¹²), fewer for larger
 * ones. A composite almost always fails the first round, so the spare rounds cost only
 * the two primes found.
 */
const MILLER_RABIN_ROUNDS = 8;

/** The odd primes below 2,000: a random candidate divisible by one costs no exponentiation. */
const SMALL_PRIMES: readonly bigint[] = (() => {
  const composite = new Uint8Array(2000);
  const primes: bigint[] = [];
  for (let i = 3; i < composite.length; i += 2) {
    if (composite[i]) continue;
    primes.push(BigInt(i));
    for (let j = i * i; j < composite.length; j += 2 * i) composite[j] = 1;
  }
  return primes;
})();

export async function generateRsaKey(bits: number, exponent: number, options: KeygenOptions = {}): Promise<RsaPrivateKey> {
  if (bits % 16 !== 0) throw new Error('RSA key size must be a multiple of 16 bits');
  const random = options.random ?? ((bytes: Uint8Array) => crypto.getRandomValues(bytes));
  const pauses = options.pause ? null : messagePauses();
  const pause = options.pause ?? pauses!.pause;
  const sliceMs = options.sliceMs ?? 15;
  let sliceStart = performance.now();
  const breathe = async (): Promise<void> => {
    if (performance.now() - sliceStart < sliceMs) return;
    await pause();
    sliceStart = performance.now();
  };
  try {
    const e = BigInt(exponent);
    const primeBits = bits / 2;
    const minDistance = 1n << BigInt(primeBits - 100);
    for (;;) {
      const p = await randomPrime(primeBits, e, random, breathe);
      let q = await randomPrime(primeBits, e, random, breathe);
      while ((p > q ? p - q : q - p) <= minDistance) q = await randomPrime(primeBits, e, random, breathe);
      const [p1, q1] = [p - 1n, q - 1n];
      const d = modInverse(e, (p1 * q1) / gcd(p1, q1));
      // FIPS 186-4 B.3.1: a small private exponent is refused (all but never drawn)
      if (bitLength(d) <= primeBits) continue;
      return {
        n: bytesOf(p * q),
        e: bytesOf(e),
        d: bytesOf(d),
        p: bytesOf(p),
        q: bytesOf(q),
        dP: bytesOf(d % p1),
        dQ: bytesOf(d % q1),
        qInv: bytesOf(modInverse(q, p)),
      };
    }
  } finally {
    pauses?.close();
  }
}

/** A probable prime of exactly `bits` bits, its top two bits set, with gcd(e, p − 1) = 1. */
async function randomPrime(bits: number, e: bigint, random: RandomSource, breathe: () => Promise<void>): Promise<bigint> {
  for (;;) {
    await breathe();
    const bytes = random(new Uint8Array(bits / 8));
    bytes[0]! |= 0xc0;
    bytes[bytes.length - 1]! |= 1;
    const candidate = big(bytes);
    if (SMALL_PRIMES.some((prime) => candidate % prime === 0n)) continue;
    if (gcd(e, candidate - 1n) !== 1n) continue;
    if (isProbablePrime(candidate, MILLER_RABIN_ROUNDS, random)) return candidate;
  }
}

/** Miller-Rabin (FIPS 186-4 C.3.1) for an odd n > 3, each round with a fresh random base in [2, n − 2]. */
export function isProbablePrime(n: bigint, rounds: number, random: RandomSource): boolean {
  const nMinus1 = n - 1n;
  let d = nMinus1;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const width = Math.ceil(bitLength(n) / 8);
  next: for (let round = 0; round < rounds; round++) {
    // reduced from n's width plus 8 bytes, so the bias toward small bases is below 2⁻⁶⁴
    const base = 2n + (big(random(new Uint8Array(width + 8))) % (n - 3n));
    let x = modPow(base, d, n);
    if (x === 1n || x === nMinus1) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === nMinus1) continue next;
    }
    return false;
  }
  return true;
}

/** Pauses through a MessageChannel of their own, closed once the generation is done. */
function messagePauses(): { pause: Pause; close(): void } {
  const channel = new MessageChannel();
  let wake: (() => void) | null = null;
  channel.port1.onmessage = () => wake?.();
  return {
    pause: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
        channel.port2.postMessage(null);
      }),
    close: () => channel.port1.close(),
  };
}
