/**
 * The key pair without SubtleCrypto (an insecure context, an old web view): generated on
 * native BigInt in slices (rsa-keygen.ts) and its SubjectPublicKeyInfo written by hand.
 * Loaded by a dynamic import only on that path, so the normal frame never downloads it.
 *
 * Not forge's generator, though DESIGN §5 names it: its asynchronous form hands the prime
 * search to Web Workers loaded from `forge/prime.worker.js`, which this origin does not
 * serve (CSP would refuse it), and its step form pulls rsa.js, jsbn, asn1 and the prime
 * search into a 17 KB chunk (gzip) that took 2.6 s per key in Chromium, median, on jsbn.
 * This one is ≈ 1 KB and took 0.2 s (docs/decisions.md).
 */
import { encodeRsaSpki } from '../../shared/rsa-spki.js';
import { generateRsaKey, type KeygenOptions } from './rsa-keygen.js';
import type { RsaPrivateKey } from './rsa-private-key.js';

export async function createFallbackKeyPair(
  bits: number,
  exponent: number,
  options?: KeygenOptions,
): Promise<{ spki: Uint8Array; privateKey: RsaPrivateKey }> {
  const privateKey = await generateRsaKey(bits, exponent, options);
  return { spki: encodeRsaSpki(privateKey.n, privateKey.e), privateKey };
}
