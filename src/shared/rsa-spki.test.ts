import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeRsaSpki } from './rsa-spki.js';

describe('encodeRsaSpki', () => {
  // 2048 bits: lengths in two bytes; e = 3 and 65537: a one- and a three-byte INTEGER.
  // 4096: the largest key the server takes. A modulus always has its top bit set, so its
  // INTEGER always needs the leading zero byte; an exponent never does.
  it.each([
    [2048, 65537],
    [2048, 3],
    [3072, 65537],
    [4096, 65537],
  ])('writes the DER OpenSSL writes for a %i-bit key with e = %i', (modulusLength, publicExponent) => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength, publicExponent });
    const jwk = publicKey.export({ format: 'jwk' });
    const der = encodeRsaSpki(Buffer.from(jwk.n!, 'base64url'), Buffer.from(jwk.e!, 'base64url'));
    expect(Buffer.from(der).equals(publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
  });

  it('writes integers minimally, whatever leading zero bytes the magnitude came with', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const padded = (b64: string) => Buffer.concat([Buffer.alloc(2), Buffer.from(b64, 'base64url')]);
    const der = encodeRsaSpki(padded(jwk.n!), padded(jwk.e!));
    expect(Buffer.from(der).equals(publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
  });
});
