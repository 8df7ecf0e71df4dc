import { DER_TAG, RSA_ENCRYPTION_ALGORITHM } from '../../shared/rsa-spki.js';

/**
 * Reads an RSA SubjectPublicKeyInfo (layout in shared/rsa-spki.ts) from its DER bytes,
 * by hand: the layout is fixed, and OpenSSL's generic decoder costs about 30 times the
 * import that follows (≈ 150 µs against 10 µs), once per exchange.
 *
 * Strict DER only (X.690 §10): definite, minimal lengths; minimal, positive integers;
 * each element exactly filling its parent; nothing after the outer SEQUENCE. Anything
 * else (another key type, a private key, BER, trailing bytes) throws SpkiError.
 */
export class SpkiError extends Error {
  constructor(what: string) {
    super(`Not a DER RSA SubjectPublicKeyInfo: ${what}`);
    this.name = 'SpkiError';
  }
}

/** The RSA public key's numbers, big-endian, without sign bytes. */
export interface RsaPublicNumbers {
  modulus: Buffer;
  exponent: Buffer;
}

const { sequence: SEQUENCE, integer: INTEGER, bitString: BIT_STRING } = DER_TAG;
const RSA_ENCRYPTION = Buffer.from(RSA_ENCRYPTION_ALGORITHM);

/** One element's value: [start, end) in the input. */
interface Span {
  start: number;
  end: number;
}

/**
 * The element with `tag` at `at`, which must end by `limit`. Lengths take at most two
 * bytes: the largest key allowed (4096 bits) is about 550 bytes long.
 */
function element(der: Buffer, at: number, limit: number, tag: number, name: string): Span {
  if (at + 2 > limit || der[at] !== tag) throw new SpkiError(`${name}: expected tag ${tag}`);
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    // long form only for 128 and up, without a leading zero byte (DER's minimal length)
    if (bytes < 1 || bytes > 2 || start + bytes > limit || der[start] === 0) throw new SpkiError(`${name}: length`);
    length = bytes === 1 ? der[start]! : der.readUInt16BE(start);
    if (length < 0x80) throw new SpkiError(`${name}: length not minimal`);
    start += bytes;
  }
  const end = start + length;
  if (end > limit) throw new SpkiError(`${name}: runs past its parent`);
  return { start, end };
}

/** A positive INTEGER's magnitude; refuses a negative one and any superfluous leading zero. */
function unsigned(der: Buffer, span: Span, name: string): Buffer {
  const value = der.subarray(span.start, span.end);
  if (value.length === 0 || value[0]! & 0x80) throw new SpkiError(`${name}: not a positive integer`);
  if (value[0] === 0 && (value.length === 1 || !(value[1]! & 0x80))) throw new SpkiError(`${name}: not minimal`);
  return value[0] === 0 ? value.subarray(1) : value;
}

export function readRsaSpki(der: Buffer): RsaPublicNumbers {
  const spki = element(der, 0, der.length, SEQUENCE, 'SubjectPublicKeyInfo');
  if (spki.end !== der.length) throw new SpkiError('bytes after the key');
  const algorithm = element(der, spki.start, spki.end, SEQUENCE, 'AlgorithmIdentifier');
  if (!der.subarray(algorithm.start, algorithm.end).equals(RSA_ENCRYPTION)) throw new SpkiError('not rsaEncryption');
  const bits = element(der, algorithm.end, spki.end, BIT_STRING, 'subjectPublicKey');
  if (bits.end !== spki.end) throw new SpkiError('bytes after subjectPublicKey');
  if (der[bits.start] !== 0) throw new SpkiError('subjectPublicKey: unused bits');
  const key = element(der, bits.start + 1, bits.end, SEQUENCE, 'RSAPublicKey');
  if (key.end !== bits.end) throw new SpkiError('bytes after RSAPublicKey');
  const modulus = element(der, key.start, key.end, INTEGER, 'modulus');
  const exponent = element(der, modulus.end, key.end, INTEGER, 'publicExponent');
  if (exponent.end !== key.end) throw new SpkiError('bytes after publicExponent');
  return { modulus: unsigned(der, modulus, 'modulus'), exponent: unsigned(der, exponent, 'publicExponent') };
}

/** Bits of a big-endian magnitude without leading zero bytes. */
export function bitLength(magnitude: Buffer): number {
  return magnitude.length === 0 ? 0 : (magnitude.length - 1) * 8 + (32 - Math.clz32(magnitude[0]!));
}
