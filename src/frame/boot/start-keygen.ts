// The page's first module: its imports are leaves, so nothing runs before this but them.
import { startKeyGeneration } from '../crypto/webcrypto-keygen.js';
import { markStep } from './marks.js';
import { takeEarly } from './early-slots.js';
import { readPageRefusal } from '../../shared/page-refusal.js';

/** The server refused this load (shared/page-refusal.ts): the page exchanges nothing, so it makes no key. */
export const pageRefused = typeof document !== 'undefined' && readPageRefusal(document) !== undefined;

/**
 * Takes over the key generation the page's early <head> script started while the HTML was
 * parsed (early-keygen.ts); where it did not run (a page built without it, a test), starts
 * one now, still before node-forge, React and the app are evaluated, so the longest step
 * of the load overlaps them and the handshake (DESIGN §9: no waterfall).
 */
markStep('boot');
let keyGeneration = adoptOrStart();

/** In a function, so that no module-level name holds the early promise once it is handed over. */
function adoptOrStart(): Promise<CryptoKeyPair> | null {
  const early = takeEarly('keygen');
  return early !== undefined ? early : pageRefused ? null : startKeyGeneration();
}

/**
 * Hands the generation over once. Nothing module-level keeps it afterwards, so once the
 * private key is exported and wiped, the extractable CryptoKey is unreachable too.
 */
export function takeKeyGeneration(): Promise<CryptoKeyPair> | null {
  const generation = keyGeneration;
  keyGeneration = null;
  return generation;
}
