import { forge, type BigInteger } from './forge.js';

/**
 * An RSA private key in CRT form, as forge's big integers. The names are forge's
 * (a forge key pair has exactly these), so both key sources feed the same decryption.
 */
export interface RsaPrivateKey {
  n: BigInteger;
  e: BigInteger;
  d: BigInteger;
  p: BigInteger;
  q: BigInteger;
  dP: BigInteger;
  dQ: BigInteger;
  qInv: BigInteger;
}

const JWK_PARTS = { n: 'n', e: 'e', d: 'd', p: 'p', q: 'q', dP: 'dp', dQ: 'dq', qInv: 'qi' } as const;

/** OS2IP (RFC 8017 §4.2): a big-endian unsigned integer from a forge binary string. */
export function os2ip(bytes: string): BigInteger {
  return new forge.jsbn.BigInteger(forge.util.bytesToHex(bytes), 16);
}

/** A big-endian unsigned integer from base64url (RFC 7518 §6.3: JWK's encoding). */
function fromBase64Url(value: unknown): BigInteger {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]+$/.test(value)) throw new Error('Malformed RSA JWK');
  // atob, not forge's decode64: JWK omits the `=` padding, which atob does not need.
  return os2ip(atob(value.replace(/-/g, '+').replace(/_/g, '/')));
}

/** Reads a private RSA JWK (WebCrypto's `exportKey('jwk')`); throws if any CRT part is missing. */
export function privateKeyFromJwk(jwk: JsonWebKey): RsaPrivateKey {
  if (jwk.kty !== 'RSA') throw new Error('Not an RSA JWK');
  const key = {} as RsaPrivateKey;
  for (const [part, name] of Object.entries(JWK_PARTS) as [keyof RsaPrivateKey, string][]) {
    key[part] = fromBase64Url(jwk[name as keyof JsonWebKey]);
  }
  return key;
}

/**
 * Zeroes the secret numbers in place (best effort in JS: copies made by the math are
 * garbage). Each becomes a well-formed zero, not zero words under a stale length, which
 * jsbn's division would loop on; a wiped key fails to decrypt rather than hanging.
 */
export function wipePrivateKey(key: RsaPrivateKey): void {
  for (const part of [key.d, key.p, key.q, key.dP, key.dQ, key.qInv]) {
    if (!Array.isArray(part?.data)) continue;
    part.data.fill(0);
    part.t = 0;
    part.s = 0;
  }
}
