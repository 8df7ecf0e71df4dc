import { createPublicKey, type KeyObject } from 'node:crypto';

/** DESIGN §5: the frame's key must be RSA, 2048–4096 bits, exponent 65537. */
const MIN_BITS = 2048;
const MAX_BITS = 4096;
const EXPONENT = 65537n;
const MAX_INPUT = 4096;

/**
 * Parses the frame's ephemeral public key, SPKI as PEM or base64 DER. Returns null for
 * anything else (garbage, another key type, a weak or oversized modulus, e ≠ 65537),
 * so the route can refuse it with 1004 before the token is touched.
 */
export function parseFramePublicKey(input: unknown): KeyObject | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_INPUT) return null;
  let key: KeyObject;
  try {
    key = input.startsWith('-----BEGIN PUBLIC KEY-----')
      ? createPublicKey({ key: input, format: 'pem' })
      : createPublicKey({ key: Buffer.from(input, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
  if (key.asymmetricKeyType !== 'rsa') return null;
  const details = key.asymmetricKeyDetails;
  const bits = details?.modulusLength ?? 0;
  if (bits < MIN_BITS || bits > MAX_BITS || details?.publicExponent !== EXPONENT) return null;
  return key;
}
