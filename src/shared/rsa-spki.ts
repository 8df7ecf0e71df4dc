/**
 * The frame's public key as the display API takes it (DESIGN §5): an RSA
 * SubjectPublicKeyInfo in DER (RFC 5280 §4.1, RFC 8017 A.1.1).
 *
 *   SEQUENCE {
 *     SEQUENCE { OBJECT IDENTIFIER rsaEncryption (1.2.840.113549.1.1.1), NULL }
 *     BIT STRING (0 unused bits) {
 *       SEQUENCE { INTEGER modulus, INTEGER publicExponent }
 *     }
 *   }
 *
 * The server reads it strictly (server/crypto/rsa-spki.ts). The frame writes it only
 * where it generated the key itself, without WebCrypto to export it (rsa-keygen.ts).
 */
export const DER_TAG = { sequence: 0x30, integer: 0x02, bitString: 0x03 } as const;

/** AlgorithmIdentifier's contents: the rsaEncryption OID, then NULL parameters (RFC 3279 §2.3.1). */
export const RSA_ENCRYPTION_ALGORITHM: readonly number[] = [
  0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

/** Tag, definite minimal length (at most two bytes: a 4096-bit key is ≈ 550 bytes), contents. */
function derElement(tag: number, contents: readonly number[]): number[] {
  const n = contents.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return [tag, ...length, ...contents];
}

/** A non-negative INTEGER from its big-endian magnitude: minimal, with a zero byte before a set top bit. */
function derUnsigned(magnitude: Uint8Array): number[] {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const bytes = Array.from(magnitude.subarray(start));
  return derElement(DER_TAG.integer, bytes[0]! & 0x80 ? [0, ...bytes] : bytes);
}

/** The DER SubjectPublicKeyInfo of the RSA key (modulus, exponent), both big-endian. */
export function encodeRsaSpki(modulus: Uint8Array, exponent: Uint8Array): Uint8Array {
  const key = derElement(DER_TAG.sequence, [...derUnsigned(modulus), ...derUnsigned(exponent)]);
  const algorithm = derElement(DER_TAG.sequence, RSA_ENCRYPTION_ALGORITHM);
  return Uint8Array.from(derElement(DER_TAG.sequence, [...algorithm, ...derElement(DER_TAG.bitString, [0, ...key])]));
}
