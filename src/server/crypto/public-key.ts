import { createPublicKey, type KeyObject } from 'node:crypto';
import { bitLength, readRsaSpki } from './rsa-spki.js';

/** DESIGN §5: the frame's key must be RSA, 2048–4096 bits, exponent 65537. */
const MIN_BITS = 2048;
const MAX_BITS = 4096;
const EXPONENT_65537 = Buffer.from([0x01, 0x00, 0x01]);
const MAX_INPUT = 4096;

/** Standard base64 with its padding, as the frame's forge.util.encode64 writes it; nothing else. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A PEM SPKI (RFC 7468 §13): its armor, then base64 in lines. A private key's armor differs, and is refused. */
const PEM = /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END PUBLIC KEY-----\r?\n?$/;

/**
 * Parses the frame's ephemeral public key, SPKI as PEM or base64 DER. Returns null for
 * anything else (garbage, another key type, a private key, a weak or oversized modulus,
 * e ≠ 65537, DER that is not strict), so the route can refuse it with 1004 before the
 * token is touched.
 *
 * The SPKI is read by hand (rsa-spki.ts) and the numbers imported as a JWK: that is
 * ≈ 15 µs where OpenSSL's DER decoder took ≈ 150–460 µs, the largest cost of an exchange.
 */
export function parseFramePublicKey(input: unknown): KeyObject | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_INPUT) return null;
  const pem = PEM.exec(input);
  const base64 = pem ? pem[1]!.replace(/\r?\n/g, '') : input;
  if (!BASE64.test(base64)) return null;
  let modulus: Buffer;
  let exponent: Buffer;
  try {
    ({ modulus, exponent } = readRsaSpki(Buffer.from(base64, 'base64')));
  } catch {
    return null;
  }
  const bits = bitLength(modulus);
  // An even modulus is no RSA modulus (n = p·q with odd primes).
  if (bits < MIN_BITS || bits > MAX_BITS || !(modulus[modulus.length - 1]! & 1)) return null;
  if (!exponent.equals(EXPONENT_65537)) return null;
  try {
    return createPublicKey({
      key: { kty: 'RSA', n: modulus.toString('base64url'), e: exponent.toString('base64url') },
      format: 'jwk',
    });
  } catch {
    return null;
  }
}
