import { constants, createPrivateKey, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import vectors from '../../shared/test-vectors/envelope-v1.json';
import { rsaOaepDecrypt } from './rsa-oaep.js';
import { privateKeyFromJwk, wipePrivateKey } from './rsa-private-key.js';

const { privateKey: nodeKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = nodeKey.export({ format: 'jwk' });
const key = privateKeyFromJwk(jwk);

const seal = (data: Buffer, oaepHash = 'sha256'): string =>
  publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data).toString('binary');
const bytes = (binary: string): Buffer => Buffer.from(binary, 'binary');

describe('RSA-OAEP-256 decryption from JWK parts', () => {
  it.each([1, 16, 32, 190])('opens a %i-byte message Node sealed, byte for byte', (length) => {
    const message = randomBytes(length);
    expect(bytes(rsaOaepDecrypt(key, seal(message)))).toEqual(message);
  });

  it('opens the same ciphertext the same way every time, whatever the blinding', () => {
    const message = randomBytes(32);
    const sealed = seal(message);
    for (let i = 0; i < 5; i++) expect(bytes(rsaOaepDecrypt(key, sealed))).toEqual(message);
  });

  it('agrees with Node on the fixed vector’s wrapped key', () => {
    const pem = vectors.private_key_pem;
    const ek = Buffer.from(vectors.envelopes.card.ek, 'base64');
    const expected = privateDecrypt({ key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ek);
    const vectorKey = privateKeyFromJwk(createPrivateKey(pem).export({ format: 'jwk' }));
    expect(bytes(rsaOaepDecrypt(vectorKey, ek.toString('binary')))).toEqual(expected);
  });

  const sealed = seal(randomBytes(32));
  const flipped = bytes(sealed);
  flipped[200] = (flipped[200] ?? 0) ^ 0x01;
  const n = Buffer.from(jwk.n!, 'base64url');
  it.each([
    ['a flipped bit', flipped.toString('binary')],
    ['a ciphertext a byte short', sealed.slice(1)],
    ['a ciphertext a byte long', `\0${sealed}`],
    ['a ciphertext equal to the modulus', n.toString('binary')],
    ['a message sealed with SHA-1 OAEP (a downgrade)', seal(randomBytes(32), 'sha1')],
  ])('refuses %s', (_name, ciphertext) => {
    expect(() => rsaOaepDecrypt(key, ciphertext)).toThrow();
  });
});

describe('the private key from a JWK', () => {
  it('refuses a public JWK, which has no CRT parts', () => {
    expect(() => privateKeyFromJwk(publicKey.export({ format: 'jwk' }))).toThrow();
  });

  it('refuses a part that is not base64url', () => {
    expect(() => privateKeyFromJwk({ ...jwk, dp: 'a+b/' })).toThrow();
  });

  it('is zeroed in place by a wipe, and decrypts nothing after', () => {
    const doomed = privateKeyFromJwk(jwk);
    wipePrivateKey(doomed);
    for (const part of [doomed.d, doomed.p, doomed.q, doomed.dP, doomed.dQ, doomed.qInv]) {
      expect(part.every((byte) => byte === 0)).toBe(true);
    }
    expect(() => rsaOaepDecrypt(doomed, seal(randomBytes(32)))).toThrow();
  });
});
