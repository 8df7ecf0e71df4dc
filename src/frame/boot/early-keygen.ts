import { startKeyGeneration } from '../crypto/webcrypto-keygen.js';
import { markStep } from './marks.js';
import { parkEarly } from './early-slots.js';

/**
 * Starts the key generation, the longest step of a load, from the page's early script, so
 * that it runs while the app's module is still downloading; start-keygen.ts takes it over.
 */
export function startEarlyKeyGeneration(): void {
  markStep('keygen-start');
  parkEarly('keygen', startKeyGeneration());
}
