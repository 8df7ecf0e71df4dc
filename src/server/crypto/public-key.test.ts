import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseFramePublicKey } from './public-key.js';

const spki = (k: ReturnType<typeof generateKeyPairSync>['publicKey']) =>
  k.export({ type: 'spki', format: 'der' }).toString('base64');

describe('parseFramePublicKey', () => {
  it('accepts a 2048-bit RSA key with e = 65537 as base64 DER or PEM', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(parseFramePublicKey(spki(publicKey))?.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(parseFramePublicKey(publicKey.export({ type: 'spki', format: 'pem' }) as string)).not.toBeNull();
  });

  it.each([
    ['a 1024-bit key', () => spki(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey)],
    ['exponent 3', () => spki(generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).publicKey)],
    ['an Ed25519 key', () => spki(generateKeyPairSync('ed25519').publicKey)],
    ['garbage', () => 'AAAA'],
    ['an empty string', () => ''],
    ['a non-string', () => 42],
    ['an oversized input', () => 'A'.repeat(5000)],
    [
      'a private key PEM',
      () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    ],
  ])('refuses %s', (_name, make) => {
    expect(parseFramePublicKey(make())).toBeNull();
  });
});
