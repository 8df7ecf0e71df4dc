/**
 * An RSA private key in CRT form (RFC 8017 §3.2), each number as its big-endian bytes.
 * Bytes, not big integers: the arithmetic (rsa-oaep.ts) copies them into native BigInt
 * for each operation, and bytes are what a wipe can zero in place. The names are those
 * of RFC 8017's RSAPrivateKey; JWK_PARTS maps them to WebCrypto's.
 */
export interface RsaPrivateKey {
  n: Uint8Array;
  e: Uint8Array;
  d: Uint8Array;
  p: Uint8Array;
  q: Uint8Array;
  dP: Uint8Array;
  dQ: Uint8Array;
  qInv: Uint8Array;
}

const JWK_PARTS = { n: 'n', e: 'e', d: 'd', p: 'p', q: 'q', dP: 'dp', dQ: 'dq', qInv: 'qi' } as const;
const SECRET_PARTS = ['d', 'p', 'q', 'dP', 'dQ', 'qInv'] as const;

/** A big-endian unsigned integer from base64url (RFC 7518 §6.3: JWK's encoding). */
function fromBase64Url(value: unknown): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]+$/.test(value)) throw new Error('Malformed RSA JWK');
  // atob, not forge's decode64: JWK omits the `=` padding, which atob does not need.
  return Uint8Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
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
 * garbage). A wiped key fails to decrypt: p and q are zero, and nothing divides by zero.
 */
export function wipePrivateKey(key: RsaPrivateKey): void {
  for (const part of SECRET_PARTS) key[part]?.fill(0);
}
