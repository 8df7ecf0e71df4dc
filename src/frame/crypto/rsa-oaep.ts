import { forge, type BigInteger } from './forge.js';
import { os2ip, type RsaPrivateKey } from './rsa-private-key.js';

/** Uniform randomness in [1, n) with an inverse mod n, from the platform CSPRNG. */
function blindingFactor(n: BigInteger, bytes: number): BigInteger {
  const ONE = forge.jsbn.BigInteger.ONE;
  for (;;) {
    const r = os2ip(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))));
    if (r.signum() > 0 && r.compareTo(n) < 0 && r.gcd(n).equals(ONE)) return r;
  }
}

/** I2OSP (RFC 8017 §4.1): x as exactly k big-endian bytes, left-padded with zeros. */
function i2osp(x: BigInteger, k: number): string {
  return forge.util.hexToBytes(x.toString(16).padStart(2 * k, '0'));
}

/**
 * RSADP with CRT (RFC 8017 §5.1.2, Garner's form), blinded: jsbn is not constant-time,
 * so the exponentiations run on c·r^e for a fresh random r, never on a ciphertext an
 * attacker chose, and their timing cannot be lined up with it. c must be below n.
 */
function privateOp(key: RsaPrivateKey, c: BigInteger, k: number): BigInteger {
  const { n, e, p, q } = key;
  const r = blindingFactor(n, k);
  const blinded = c.multiply(r.modPow(e, n)).mod(n);
  const m1 = blinded.mod(p).modPow(key.dP, p);
  const m2 = blinded.mod(q).modPow(key.dQ, q);
  // jsbn's mod() is non-negative even when m1 < m2.
  const h = key.qInv.multiply(m1.subtract(m2)).mod(p);
  return m2.add(h.multiply(q)).multiply(r.modInverse(n)).mod(n);
}

/**
 * RSAES-OAEP decryption (RFC 8017 §7.1.2) with SHA-256 for both the OAEP hash and MGF1,
 * as Node's `oaepHash: 'sha256'` seals it: forge would default both to SHA-1.
 * `ciphertext` and the result are forge binary strings. Throws on any failure; the
 * caller turns every one of them into the same EnvelopeError.
 */
export function rsaOaepDecrypt(key: RsaPrivateKey, ciphertext: string): string {
  const k = Math.ceil(key.n.bitLength() / 8);
  if (ciphertext.length !== k) throw new Error('RSA ciphertext length');
  const c = os2ip(ciphertext);
  if (c.compareTo(key.n) >= 0) throw new Error('RSA ciphertext out of range');
  // The padding matters: an OAEP encoding starts with a zero byte, which the integer drops.
  const em = i2osp(privateOp(key, c, k), k);
  return forge.pkcs1.decode_rsa_oaep(key, em, {
    md: forge.md.sha256.create(),
    mgf1: { md: forge.md.sha256.create() },
  });
}
