import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import vectors from '../../shared/test-vectors/envelope-v1.json';
import type { Envelope } from '../../shared/envelope.js';
import type { EnvelopeGroup } from '../../shared/fields.js';
import { createCardVault } from './card-vault.js';
import { openSealed } from './decrypt.js';
import { EnvelopeError } from './envelope-error.js';
import { privateKeyFromJwk, type RsaPrivateKey } from './rsa-private-key.js';
import { unwrapEnvelope } from './unwrap.js';

/** As the browser does it: the private key exported as a JWK, into big integers. */
function jwkKey(pem: string): RsaPrivateKey {
  return privateKeyFromJwk(createPrivateKey(pem).export({ format: 'jwk' }));
}

const key = jwkKey(vectors.private_key_pem);
/** A vault takes its key and zeroes it after the last unwrap: each gets its own copy. */
const vaultKey = () => jwkKey(vectors.private_key_pem);
const SESSION = vectors.session_id;
const card = vectors.envelopes.card as Envelope;
const pin = vectors.envelopes.pin as Envelope;

function open(envelope: unknown, group: EnvelopeGroup, sessionId = SESSION, privateKey = key): unknown {
  return openSealed(unwrapEnvelope(privateKey, envelope, sessionId, group));
}

/** Flips one bit of a base64 field's first byte. */
function flip(b64: string, at = 0): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

const otherKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  format: 'pem',
  type: 'pkcs8',
}) as string;

describe('envelope v1 fixed vectors', () => {
  it('decrypts the card envelope to the exact plaintext', () => {
    expect(open(card, 'card')).toEqual(vectors.plaintext.card);
  });

  it('decrypts the pin envelope to the exact plaintext', () => {
    expect(open(pin, 'pin')).toEqual(vectors.plaintext.pin);
  });

  it('reads each field through the vault, the expiry as MM/YY', () => {
    const vault = createCardVault(vaultKey(), SESSION, { card, pin }, ['card', 'pin']);
    expect(vault.read('pan')).toBe('4242424242424242');
    expect(vault.read('expiry')).toBe('12/30');
    expect(vault.read('cvv')).toBe('123');
    expect(vault.read('pin')).toBe('246810');
  });

  it('unwraps each envelope only when first asked, then zeroes the private key', () => {
    const own = vaultKey();
    const vault = createCardVault(own, SESSION, { card, pin }, ['card', 'pin']);
    expect(vault.has('card')).toBe(true);
    expect(own.d.some((byte) => byte !== 0)).toBe(true); // still needed for the PIN
    expect(vault.read('pin')).toBe('246810');
    expect(own.d.every((byte) => byte === 0)).toBe(true);
    expect(vault.read('pan')).toBe('4242424242424242');
  });

  it('zeroes a private key it still held when wiped', () => {
    const own = vaultKey();
    const vault = createCardVault(own, SESSION, { card, pin }, ['card', 'pin']);
    vault.wipe();
    expect(own.d.every((byte) => byte === 0)).toBe(true);
    expect(vault.has('pin')).toBe(false);
    expect(() => vault.read('pin')).toThrow(EnvelopeError);
  });

  it('zeroes the private key at once when it is given nothing to unwrap (transactions only)', () => {
    const own = vaultKey();
    const vault = createCardVault(own, SESSION, { card, pin }, []);
    expect(own.d.every((byte) => byte === 0)).toBe(true);
    expect(own.p.every((byte) => byte === 0)).toBe(true);
    expect(vault.has('card')).toBe(false);
  });

  it('decrypts again on every read, and nothing after a wipe', () => {
    const vault = createCardVault(vaultKey(), SESSION, { card }, ['card']);
    expect(vault.read('cvv')).toBe('123');
    expect(vault.read('cvv')).toBe('123');
    vault.wipe();
    expect(() => vault.read('cvv')).toThrow(EnvelopeError);
  });
});

describe('a tampered or misplaced envelope', () => {
  const scenarios: [string, () => unknown][] = [
    ['refuses a tampered wrapped key (ek)', () => open({ ...card, ek: flip(card.ek, 100) }, 'card')],
    ['refuses a tampered iv', () => open({ ...card, iv: flip(card.iv) }, 'card')],
    ['refuses a tampered ciphertext', () => open({ ...card, ct: flip(card.ct, 5) }, 'card')],
    ['refuses a tampered tag', () => open({ ...card, tag: flip(card.tag, 15) }, 'card')],
    ['refuses an aad naming another session', () => open({ ...card, aad: 'ses_other.card' }, 'card')],
    ['refuses an aad rewritten to match another session', () => open({ ...card, aad: 'ses_other.card' }, 'card', 'ses_other')],
    ['refuses another algorithm', () => open({ ...card, alg: 'RSA-OAEP+A256GCM' }, 'card')],
    ['refuses the card envelope presented as the pin', () => open(card, 'pin')],
    ['refuses the pin envelope presented as the card', () => open(pin, 'card')],
    ['refuses the pin envelope relabelled as the card', () => open({ ...pin, aad: `${SESSION}.card` }, 'card')],
    ['refuses an envelope from another session', () => open(card, 'card', 'ses_testvector0000000000002')],
    ['refuses an envelope sealed to another key', () => open(card, 'card', SESSION, jwkKey(otherKeyPem))],
    [
      'refuses a truncated tag',
      () => open({ ...card, tag: Buffer.from(card.tag, 'base64').subarray(0, 12).toString('base64') }, 'card'),
    ],
    ['refuses a missing envelope', () => open(undefined, 'card')],
    ['refuses an envelope with a non-base64 field', () => open({ ...card, ct: '%%%' }, 'card')],
  ];

  it.each(scenarios)('%s, with the one uniform error', (_name, attempt) => {
    let caught: unknown;
    try {
      attempt();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvelopeError);
    expect((caught as Error).message).toBe('The envelope could not be opened');
  });

  it('leaves a vault without the group whose envelope failed, and the other usable', () => {
    const vault = createCardVault(vaultKey(), SESSION, { card, pin: { ...pin, ek: flip(pin.ek, 7) } }, ['card', 'pin']);
    expect(vault.has('card')).toBe(true);
    expect(vault.has('pin')).toBe(false);
    expect(vault.read('pan')).toBe('4242424242424242');
    expect(() => vault.read('pin')).toThrow(EnvelopeError);
  });
});
