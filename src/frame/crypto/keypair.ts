import { forge } from './forge.js';
import { privateKeyFromJwk, wipePrivateKey, type RsaPrivateKey } from './rsa-private-key.js';

/** The frame's ephemeral key pair: the public half for the server, the private half for unwrapping. */
export interface FrameKeyPair {
  /** base64 DER SubjectPublicKeyInfo, as the display API takes it */
  publicKey: string;
  /** null once discarded: one exchange per frame, so the key is used exactly once */
  privateKey: RsaPrivateKey | null;
}

const KEY_BITS = 2048;
const KEY_EXPONENT = 0x10001;

/**
 * Generates the pair without blocking the page: WebCrypto where the browser has it
 * (≈60 ms, native), else forge's pure-JS search in short slices. That fallback needs
 * rsa.js and the prime search, so it is a chunk of its own, fetched only then.
 */
export function createFrameKeyPair(subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null): Promise<FrameKeyPair> {
  if (subtle) return viaWebCrypto(subtle);
  return import('./keypair-fallback.js').then(({ createFallbackKeyPair }) => createFallbackKeyPair(KEY_BITS, KEY_EXPONENT));
}

async function viaWebCrypto(subtle: SubtleCrypto): Promise<FrameKeyPair> {
  const pair = await subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: KEY_BITS, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true, // extractable: forge, not WebCrypto, does the unwrapping (DESIGN §5)
    ['encrypt', 'decrypt'],
  );
  // JWK rather than PKCS#8: its CRT parts go straight into big integers, with no ASN.1
  // parser in the bundle.
  const [spki, jwk] = await Promise.all([subtle.exportKey('spki', pair.publicKey), subtle.exportKey('jwk', pair.privateKey)]);
  return {
    publicKey: forge.util.encode64(forge.util.binary.raw.encode(new Uint8Array(spki))),
    privateKey: privateKeyFromJwk(jwk),
  };
}

/** Drops the private key after its one use, zeroing its numbers first (best effort in JS). */
export function discardPrivateKey(pair: FrameKeyPair): void {
  const key = pair.privateKey;
  pair.privateKey = null;
  if (key) wipePrivateKey(key);
}
