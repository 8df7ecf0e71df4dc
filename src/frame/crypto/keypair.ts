import { forge, type RsaPrivateKey } from './forge.js';

/** The frame's ephemeral key pair: the public half for the server, the private half for unwrapping. */
export interface FrameKeyPair {
  /** base64 DER SubjectPublicKeyInfo, as the display API takes it */
  publicKey: string;
  /** null once discarded: one exchange per frame, so the key is used exactly once */
  privateKey: RsaPrivateKey | null;
}

const BITS = 2048;
const EXPONENT = 0x10001;

/**
 * Generates the pair without blocking the page: WebCrypto where the browser has it
 * (≈60 ms, native), else forge's pure-JS search in short slices.
 */
export function createFrameKeyPair(subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null): Promise<FrameKeyPair> {
  return subtle ? viaWebCrypto(subtle) : viaForgeSlices();
}

async function viaWebCrypto(subtle: SubtleCrypto): Promise<FrameKeyPair> {
  const pair = await subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: BITS, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true, // extractable: forge, not WebCrypto, does the unwrapping (DESIGN §5)
    ['encrypt', 'decrypt'],
  );
  const [spki, pkcs8] = await Promise.all([subtle.exportKey('spki', pair.publicKey), subtle.exportKey('pkcs8', pair.privateKey)]);
  const der = new Uint8Array(pkcs8);
  try {
    const privateKey = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der)));
    return { publicKey: forge.util.encode64(forge.util.binary.raw.encode(new Uint8Array(spki))), privateKey };
  } finally {
    der.fill(0);
  }
}

/**
 * Without SubtleCrypto, forge's `generateKeyPair(options, callback)` cannot help: it
 * hands the prime search to Web Workers loaded from `forge/prime.worker.js`, a script
 * this origin does not serve (and CSP would refuse), so it would never call back. Its
 * step API runs the same search on the main thread, yielding every 20 ms.
 */
function viaForgeSlices(): Promise<FrameKeyPair> {
  return new Promise((resolve) => {
    const state = forge.pki.rsa.createKeyPairGenerationState(BITS, EXPONENT);
    const step = (): void => {
      if (!forge.pki.rsa.stepKeyPairGenerationState(state, 20) || !state.keys) {
        setTimeout(step, 0);
        return;
      }
      const { publicKey, privateKey } = state.keys;
      const spki = forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes();
      resolve({ publicKey: forge.util.encode64(spki), privateKey });
    };
    setTimeout(step, 0);
  });
}

/** Drops the private key after its one use, zeroing its numbers first (best effort in JS). */
export function discardPrivateKey(pair: FrameKeyPair): void {
  const key = pair.privateKey;
  pair.privateKey = null;
  if (!key) return;
  for (const part of [key.d, key.p, key.q, key.dP, key.dQ, key.qInv]) {
    if (Array.isArray(part?.data)) part.data.fill(0);
  }
}
