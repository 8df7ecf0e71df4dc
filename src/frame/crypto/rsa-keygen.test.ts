import {
  checkPrimeSync,
  constants,
  createPrivateKey,
  createPublicKey,
  generatePrimeSync,
  privateDecrypt,
  publicEncrypt,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { big, bitLength, gcd } from './bigint-math.js';
import { createFallbackKeyPair } from './keypair-fallback.js';
import { generateRsaKey, isProbablePrime, type RandomSource } from './rsa-keygen.js';
import { rsaOaepDecrypt } from './rsa-oaep.js';
import type { RsaPrivateKey } from './rsa-private-key.js';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const nodeKey = (k: RsaPrivateKey) =>
  createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'RSA',
      n: b64url(k.n),
      e: b64url(k.e),
      d: b64url(k.d),
      p: b64url(k.p),
      q: b64url(k.q),
      dp: b64url(k.dP),
      dq: b64url(k.dQ),
      qi: b64url(k.qInv),
    },
  });
const cryptoRandom: RandomSource = (bytes) => crypto.getRandomValues(bytes);

describe('RSA key generation without WebCrypto', () => {
  it('makes a 2048-bit, e = 65537 key as FIPS 186-4 asks, in slices that give the page its turn', async () => {
    let pauses = 0;
    const pause = () => {
      pauses++;
      return Promise.resolve();
    };
    const k = await generateRsaKey(2048, 65537, { pause, sliceMs: 0 });
    const [n, e, d, p, q] = [big(k.n), big(k.e), big(k.d), big(k.p), big(k.q)];
    expect(bitLength(n)).toBe(2048);
    expect(e).toBe(65537n);
    expect(n).toBe(p * q);
    for (const prime of [p, q]) {
      expect(checkPrimeSync(prime)).toBe(true);
      expect(bitLength(prime)).toBe(1024);
      expect(prime >> 1022n).toBe(3n); // top two bits set: p, q ≥ √2·2^1023
      expect(gcd(e, prime - 1n)).toBe(1n);
    }
    expect((p > q ? p - q : q - p) > 1n << 924n).toBe(true);
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    expect((d * e) % lambda).toBe(1n);
    expect(d > 1n << 1024n).toBe(true);
    expect(big(k.dP)).toBe(d % (p - 1n));
    expect(big(k.dQ)).toBe(d % (q - 1n));
    expect((big(k.qInv) * q) % p).toBe(1n);
    // one pause per candidate drawn, so at least one per prime
    expect(pauses).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('writes a SubjectPublicKeyInfo byte for byte as OpenSSL does, and the key opens what Node seals', async () => {
    const { spki, privateKey } = await createFallbackKeyPair(2048, 65537);
    const fromNode = createPublicKey(nodeKey(privateKey)).export({ type: 'spki', format: 'der' });
    expect(Buffer.from(spki).equals(fromNode)).toBe(true);
    const secret = Buffer.from('a 32-byte AES key, for instance!');
    const sealed = publicEncrypt(
      {
        key: createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }),
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha256',
      },
      secret,
    );
    expect(rsaOaepDecrypt(privateKey, sealed.toString('binary'))).toBe(secret.toString('binary'));
    // and Node, given the same numbers, agrees with them
    expect(
      privateDecrypt({ key: nodeKey(privateKey), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, sealed),
    ).toEqual(secret);
  }, 60_000);

  it('refuses a key size whose primes would not be whole bytes', async () => {
    await expect(generateRsaKey(2050, 65537)).rejects.toThrow(/multiple of 16/);
  });
});

describe('Miller-Rabin', () => {
  it('passes primes', () => {
    for (const prime of [5n, 2n ** 127n - 1n, 2n ** 521n - 1n, generatePrimeSync(1024, { bigint: true })]) {
      expect(isProbablePrime(prime, 20, cryptoRandom), String(prime)).toBe(true);
    }
  });

  it('fails composites, Carmichael numbers and strong pseudoprimes to small bases among them', () => {
    const semiprime = generatePrimeSync(512, { bigint: true }) * generatePrimeSync(512, { bigint: true });
    // 561 and 41041: Carmichael; 2047: a strong pseudoprime to base 2; 3215031751: to bases 2, 3, 5 and 7
    for (const composite of [9n, 561n, 2047n, 41041n, 3215031751n, semiprime]) {
      expect(isProbablePrime(composite, 20, cryptoRandom), String(composite)).toBe(false);
    }
  });

  it('lets a composite through one round when its base is a liar: the rounds are what make it sure', () => {
    // the random source is reduced mod n − 3 and shifted by 2: zero bytes give base 2
    const baseTwo: RandomSource = (bytes) => bytes.fill(0);
    expect(isProbablePrime(2047n, 1, baseTwo)).toBe(true);
    expect(isProbablePrime(2047n, 20, cryptoRandom)).toBe(false);
  });
});
