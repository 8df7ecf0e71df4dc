import { forge } from './forge.js';
import { big, bitLength, modInverse, modPow } from './bigint-math.js';
import type { RsaPrivateKey } from './rsa-private-key.js';

/**
 * The RSA arithmetic runs on native BigInt, not on forge's jsbn: a blinded CRT
 * decryption of a 2048-bit key takes ≈ 8 ms in V8 against ≈ 50 ms, and the frame does
 * two of them between the exchange's answer and `ready` (DESIGN §9); and the frame no
 * longer loads jsbn (≈ 7 KB gzip). forge keeps the rest: OAEP decoding, SHA-256, and
 * the AES-GCM of each reveal. The key stays in bytes, which a wipe zeroes in place; the
 * BigInt copies made here are garbage at return, like every intermediate of the math.
 */
const fromBytes = (bytes: string): bigint => BigInt(`0x${forge.util.bytesToHex(bytes) || '0'}`);

/** Uniform randomness in [1, n) with an inverse mod n, from the platform CSPRNG; and that inverse. */
function blindingFactor(n: bigint, bytes: number): [r: bigint, rInverse: bigint] {
  for (;;) {
    const r = fromBytes(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))));
    const rInverse = r > 0n && r < n ? modInverse(r, n) : 0n;
    if (rInverse !== 0n) return [r, rInverse];
  }
}

/**
 * RSADP with CRT (RFC 8017 §5.1.2, Garner's form), blinded: BigInt arithmetic is not
 * constant-time, so the exponentiations run on c·r^e for a fresh random r, never on a
 * ciphertext an attacker chose, and their timing cannot be lined up with it.
 * c must be below n.
 */
function privateOp(key: RsaPrivateKey, c: bigint, k: number): bigint {
  const [n, e, p, q] = [big(key.n), big(key.e), big(key.p), big(key.q)];
  const [r, rInverse] = blindingFactor(n, k);
  const blinded = (c * modPow(r, e, n)) % n;
  const m1 = modPow(blinded % p, big(key.dP), p);
  const m2 = modPow(blinded % q, big(key.dQ), q);
  // BigInt's % keeps the dividend's sign: bring m1 - m2 into [0, p) first
  const h = (big(key.qInv) * ((((m1 - m2) % p) + p) % p)) % p;
  return ((m2 + h * q) * rInverse) % n;
}

/**
 * RSAES-OAEP decryption (RFC 8017 §7.1.2) with SHA-256 for both the OAEP hash and MGF1,
 * as Node's `oaepHash: 'sha256'` seals it: forge would default both to SHA-1.
 * `ciphertext` and the result are forge binary strings. Throws on any failure; the
 * caller turns every one of them into the same EnvelopeError.
 */
export function rsaOaepDecrypt(key: RsaPrivateKey, ciphertext: string): string {
  const n = big(key.n);
  const bits = bitLength(n);
  const k = Math.ceil(bits / 8);
  if (ciphertext.length !== k) throw new Error('RSA ciphertext length');
  const c = fromBytes(ciphertext);
  if (c >= n) throw new Error('RSA ciphertext out of range');
  // I2OSP (RFC 8017 §4.1): exactly k bytes; an OAEP encoding starts with a zero byte,
  // which the integer drops.
  const em = forge.util.hexToBytes(
    privateOp(key, c, k)
      .toString(16)
      .padStart(2 * k, '0'),
  );
  // forge reads only the modulus' length off the key
  return forge.pkcs1.decode_rsa_oaep({ n: { bitLength: () => bits } }, em, {
    md: forge.md.sha256.create(),
    mgf1: { md: forge.md.sha256.create() },
  });
}
