// The page's first module: its imports are leaves, so nothing runs before this but them.
import { startKeyGeneration } from '../crypto/webcrypto-keygen.js';
import { markStep } from './marks.js';

/**
 * Starts the key generation before node-forge, React and the app are evaluated, so the
 * longest step of the load overlaps them and the handshake (DESIGN §9: no waterfall).
 */
markStep('boot');
let keyGeneration: Promise<CryptoKeyPair> | null = startKeyGeneration();

/**
 * Hands the generation over once. Nothing module-level keeps it afterwards, so once the
 * private key is exported and wiped, the extractable CryptoKey is unreachable too.
 */
export function takeKeyGeneration(): Promise<CryptoKeyPair> | null {
  const generation = keyGeneration;
  keyGeneration = null;
  return generation;
}
