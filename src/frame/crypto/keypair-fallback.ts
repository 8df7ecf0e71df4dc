/**
 * The key pair without SubtleCrypto (insecure context, old browser): forge's RSA key
 * generator, with rsa.js, asn1, oids and the prime search. Loaded by a dynamic import
 * only on that path, so the normal frame never downloads it.
 */
import { forge } from './forge.js';
import 'node-forge/lib/rsa.js';
import type { FrameKeyPair } from './keypair.js';
import { privateKeyFromHex } from './rsa-private-key.js';

/**
 * forge's `generateKeyPair(options, callback)` cannot help here: it hands the prime
 * search to Web Workers loaded from `forge/prime.worker.js`, a script this origin does
 * not serve (and CSP would refuse), so it would never call back. Its step API runs the
 * same search on the main thread, yielding every 20 ms.
 */
export function createFallbackKeyPair(bits: number, exponent: number): Promise<FrameKeyPair> {
  return new Promise((resolve) => {
    const state = forge.pki.rsa.createKeyPairGenerationState(bits, exponent);
    const step = (): void => {
      if (!forge.pki.rsa.stepKeyPairGenerationState(state, 20) || !state.keys) {
        setTimeout(step, 0);
        return;
      }
      const { publicKey, privateKey: k } = state.keys;
      const spki = forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes();
      // Only the numbers, as bytes: the same shape a WebCrypto JWK yields, for the same decryption.
      const hex = (x: { toString(radix: number): string }) => x.toString(16);
      const privateKey = privateKeyFromHex({
        n: hex(k.n),
        e: hex(k.e),
        d: hex(k.d),
        p: hex(k.p),
        q: hex(k.q),
        dP: hex(k.dP),
        dQ: hex(k.dQ),
        qInv: hex(k.qInv),
      });
      resolve({ publicKey: forge.util.encode64(spki), privateKey });
    };
    setTimeout(step, 0);
  });
}
