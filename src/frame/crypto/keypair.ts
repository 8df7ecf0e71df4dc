import { forge } from './forge.js';
import { privateKeyFromJwk, wipePrivateKey, type RsaPrivateKey } from './rsa-private-key.js';
import { KEY_BITS, KEY_EXPONENT, startKeyGeneration } from './webcrypto-keygen.js';

/** The frame's ephemeral key pair: the public half for the server, the private half for unwrapping. */
export interface FrameKeyPair {
  /** base64 DER SubjectPublicKeyInfo, as the display API takes it */
  publicKey: string;
  /** null once taken: one exchange per frame, so the key is used exactly once */
  privateKey: RsaPrivateKey | null;
}

/**
 * Finishes the pair whose generation `startKeyGeneration` began at boot (WebCrypto,
 * ≈ 60 ms, native): exports it for the server and for the decryption. Without
 * SubtleCrypto (`generation` null), or where it refuses to make or export this key (an old
 * web view's partial WebCrypto), a BigInt search runs in short slices instead, from a
 * chunk of its own fetched only then (keypair-fallback.ts): every Retry would meet the
 * same refusal, so a 1001 would be for good.
 */
export function createFrameKeyPair(generation: Promise<CryptoKeyPair> | null = startKeyGeneration()): Promise<FrameKeyPair> {
  const searched = () =>
    import('./keypair-fallback.js')
      .then(({ createFallbackKeyPair }) => createFallbackKeyPair(KEY_BITS, KEY_EXPONENT))
      .then(({ spki, privateKey }) => framePair(spki, privateKey));
  return generation ? generation.then(exportPair).catch(searched) : searched();
}

async function exportPair(pair: CryptoKeyPair): Promise<FrameKeyPair> {
  const subtle = globalThis.crypto.subtle;
  // JWK rather than PKCS#8: its CRT parts go straight into big integers, with no ASN.1
  // parser in the bundle.
  const [spki, jwk] = await Promise.all([subtle.exportKey('spki', pair.publicKey), subtle.exportKey('jwk', pair.privateKey)]);
  return framePair(new Uint8Array(spki), privateKeyFromJwk(jwk));
}

const framePair = (spki: Uint8Array, privateKey: RsaPrivateKey): FrameKeyPair => ({
  publicKey: forge.util.encode64(String.fromCharCode(...spki)),
  privateKey,
});

/**
 * Hands the private key to its one user, the card vault (card-vault.ts), which zeroes its
 * numbers after its last unwrap: the pair keeps nothing, so no second exchange can use it.
 */
export function takePrivateKey(pair: FrameKeyPair): RsaPrivateKey | null {
  const key = pair.privateKey;
  pair.privateKey = null;
  return key;
}

/** Takes the private key and zeroes it: for an exchange that failed, after which nothing will be unwrapped. */
export function discardPrivateKey(pair: FrameKeyPair): void {
  const key = takePrivateKey(pair);
  if (key) wipePrivateKey(key);
}
