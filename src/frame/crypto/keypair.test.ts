import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_ALG, envelopeAad, type Envelope } from '../../shared/envelope.js';
import { createCardVault } from './card-vault.js';
import { createFrameKeyPair, takePrivateKey, type FrameKeyPair } from './keypair.js';
import { startKeyGeneration } from './webcrypto-keygen.js';

/** Seals as the server does (src/server/crypto/envelope.ts), from Node's crypto alone. */
function seal(spkiB64: string, sessionId: string, payload: object): Envelope {
  const publicKey = createPublicKey({ key: Buffer.from(spkiB64, 'base64'), format: 'der', type: 'spki' });
  const aesKey = randomBytes(32);
  const iv = randomBytes(12);
  const aad = envelopeAad(sessionId, 'card');
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv).setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final()]);
  const ek = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aesKey);
  const b64 = (b: Buffer) => b.toString('base64');
  return { alg: ENVELOPE_ALG, ek: b64(ek), iv: b64(iv), ct: b64(ct), tag: b64(cipher.getAuthTag()), aad };
}

function expectWorkingPair(pair: FrameKeyPair): void {
  const spki = createPublicKey({ key: Buffer.from(pair.publicKey, 'base64'), format: 'der', type: 'spki' });
  expect(spki.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
  const card = seal(pair.publicKey, 'ses_roundtrip', { cvv: '987' });
  const vault = createCardVault(pair.privateKey!, 'ses_roundtrip', { card }, ['card']);
  expect(vault.read('cvv')).toBe('987');
}

describe('the frame key pair', () => {
  it('comes from WebCrypto as a 2048-bit, e=65537 key that opens what the server seals', async () => {
    expectWorkingPair(await createFrameKeyPair(startKeyGeneration(globalThis.crypto.subtle)));
  });

  it('falls back to a BigInt search in slices when SubtleCrypto is missing', async () => {
    expectWorkingPair(await createFrameKeyPair(null));
  }, 60_000);

  it.each([
    ['generate', () => Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError'))],
    [
      'export',
      async () => {
        const pair = await startKeyGeneration(globalThis.crypto.subtle)!;
        return { ...pair, privateKey: { ...pair.privateKey, extractable: false } as CryptoKey };
      },
    ],
  ])('falls back to the BigInt search where WebCrypto refuses to %s the key', async (_, generation) => {
    expectWorkingPair(await createFrameKeyPair(generation()));
  });

  it('gives its private key away once, and the vault zeroes it after the last unwrap', async () => {
    const pair = await createFrameKeyPair(startKeyGeneration(globalThis.crypto.subtle));
    const key = takePrivateKey(pair)!;
    expect(pair.privateKey).toBeNull();
    expect(takePrivateKey(pair)).toBeNull();
    const vault = createCardVault(key, 'ses_1', { card: seal(pair.publicKey, 'ses_1', { cvv: '987' }) }, ['card']);
    expect(vault.read('cvv')).toBe('987');
    expect(key.d.every((byte) => byte === 0)).toBe(true);
  });
});
