import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeRsaSpki } from '../../shared/rsa-spki.js';
import { parseFramePublicKey } from './public-key.js';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spki = (k: ReturnType<typeof generateKeyPairSync>['publicKey']) =>
  k.export({ type: 'spki', format: 'der' }).toString('base64');

// A small DER writer, to build the malformed keys below from a real key's numbers.
const length = (n: number) => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
const tlv = (tag: number, value: Buffer, lengthBytes = length(value.length)) =>
  Buffer.concat([Buffer.from([tag, ...lengthBytes]), value]);
const integer = (magnitude: Buffer) => tlv(0x02, magnitude[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), magnitude]) : magnitude);
const RSA_OID = Buffer.from('06092a864886f70d010101', 'hex');
const NULL = Buffer.from('0500', 'hex');

const jwk = pair.publicKey.export({ format: 'jwk' });
const N = Buffer.from(jwk.n!, 'base64url');
const E = Buffer.from(jwk.e!, 'base64url');

interface Parts {
  algorithm?: Buffer;
  modulus?: Buffer;
  exponent?: Buffer;
  rsaKey?: Buffer;
  unusedBits?: number;
  afterKey?: Buffer;
  afterSpki?: Buffer;
}
function build(p: Parts = {}): string {
  const rsaKey = p.rsaKey ?? tlv(0x30, Buffer.concat([p.modulus ?? integer(N), p.exponent ?? integer(E)]));
  const bits = tlv(0x03, Buffer.concat([Buffer.from([p.unusedBits ?? 0]), rsaKey, p.afterKey ?? Buffer.alloc(0)]));
  const algorithm = p.algorithm ?? tlv(0x30, Buffer.concat([RSA_OID, NULL]));
  return Buffer.concat([tlv(0x30, Buffer.concat([algorithm, bits])), p.afterSpki ?? Buffer.alloc(0)]).toString('base64');
}

describe('parseFramePublicKey', () => {
  it('accepts a 2048-bit RSA key with e = 65537 as base64 DER or PEM', () => {
    expect(parseFramePublicKey(spki(pair.publicKey))?.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(parseFramePublicKey(pair.publicKey.export({ type: 'spki', format: 'pem' }) as string)).not.toBeNull();
    // as the frame writes it where it generated the key itself, without WebCrypto
    expect(parseFramePublicKey(Buffer.from(encodeRsaSpki(N, E)).toString('base64'))).not.toBeNull();
  });

  it('reads exactly what OpenSSL reads: the DER this test writes is the key itself', () => {
    expect(build()).toBe(spki(pair.publicKey));
  });

  it('yields a key that seals to the frame’s private key (RSA-OAEP-256)', () => {
    const key = parseFramePublicKey(build())!;
    const secret = randomBytes(32);
    const sealed = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, secret);
    const opened = privateDecrypt(
      { key: pair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      sealed,
    );
    expect(opened.equals(secret)).toBe(true);
  });

  it('accepts 4096 bits, the largest allowed', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
    expect(parseFramePublicKey(spki(publicKey))?.asymmetricKeyDetails?.modulusLength).toBe(4096);
  });

  it.each([
    ['a 1024-bit key', () => spki(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey)],
    ['a 2047-bit modulus', () => build({ modulus: integer(Buffer.concat([Buffer.from([0x7f]), N.subarray(1)])) })],
    [
      'a 4097-bit modulus',
      () => build({ modulus: integer(Buffer.concat([Buffer.from([1]), Buffer.alloc(511, 0xff), Buffer.from([0xfd])])) }),
    ],
    ['a 16384-bit modulus', () => build({ modulus: integer(Buffer.concat([Buffer.from([0x80]), Buffer.alloc(2047, 0xff)])) })],
    ['an even modulus', () => build({ modulus: integer(Buffer.concat([N.subarray(0, -1), Buffer.from([N.at(-1)! & 0xfe])])) })],
    ['exponent 3', () => spki(generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).publicKey)],
    ['an Ed25519 key', () => spki(generateKeyPairSync('ed25519').publicKey)],
    ['an EC P-256 key', () => spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)],
    ['garbage', () => 'AAAA'],
    ['an empty string', () => ''],
    ['a non-string', () => 42],
    ['an oversized input', () => 'A'.repeat(5000)],
    ['a private key PEM', () => pair.privateKey.export({ type: 'pkcs8', format: 'pem' })],
    ['a private key as base64 DER', () => pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')],
    ['a bare PKCS#1 RSAPublicKey, not SPKI', () => pair.publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64')],
    ['the PEM of a PKCS#1 key', () => pair.publicKey.export({ type: 'pkcs1', format: 'pem' })],
    // the DER itself, malformed
    ['RSASSA-PSS instead of rsaEncryption', () => build({ algorithm: tlv(0x30, Buffer.from('06092a864886f70d01010a', 'hex')) })],
    ['rsaEncryption without its NULL parameters', () => build({ algorithm: tlv(0x30, RSA_OID) })],
    ['bytes after the key', () => build({ afterSpki: Buffer.from([0]) })],
    ['bytes after RSAPublicKey inside the bit string', () => build({ afterKey: Buffer.from([5, 0]) })],
    ['a bit string with unused bits', () => build({ unusedBits: 1 })],
    ['a negative modulus', () => build({ modulus: tlv(0x02, N) })],
    ['a modulus with a superfluous zero byte', () => build({ modulus: tlv(0x02, Buffer.concat([Buffer.from([0, 0]), N])) })],
    ['an exponent with a superfluous zero byte', () => build({ exponent: tlv(0x02, Buffer.from([0, 1, 0, 1])) })],
    ['an empty exponent', () => build({ exponent: tlv(0x02, Buffer.alloc(0)) })],
    ['a third integer in RSAPublicKey', () => build({ rsaKey: tlv(0x30, Buffer.concat([integer(N), integer(E), integer(E)])) })],
    ['the exponent missing', () => build({ rsaKey: tlv(0x30, integer(N)) })],
    ['a length in long form where short form fits', () => build({ exponent: tlv(0x02, E, [0x81, 3]) })],
    ['an indefinite length (BER)', () => build({ exponent: tlv(0x02, E, [0x80]) })],
    ['a length running past its parent', () => build({ exponent: tlv(0x02, E, [9]).subarray(0, 5) })],
    ['base64 with a character outside the alphabet', () => `${build().slice(0, -4)}*AAA`],
    ['base64url instead of base64', () => Buffer.from(build(), 'base64').toString('base64url')],
    ['base64 with text after it', () => `${build()}xyz`],
  ])('refuses %s', (_name, make) => {
    expect(parseFramePublicKey(make())).toBeNull();
  });
});
