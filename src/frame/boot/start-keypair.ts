// First import: the generation starts before this module's own imports (forge) run.
import { pageRefused, takeKeyGeneration } from './start-keygen.js';
import { createFrameKeyPair, type FrameKeyPair } from '../crypto/keypair.js';
import { markStep } from './marks.js';

/**
 * The pair the exchange awaits: the generation begun at boot, exported for the server and
 * forge. A refused load has none: its host never starts an exchange (hosted-host.ts, embed-host.ts).
 */
export const frameKeyPair: Promise<FrameKeyPair> = pageRefused
  ? Promise.reject(new Error('load refused: no key pair'))
  : createFrameKeyPair(takeKeyGeneration());
// A failure surfaces where the exchange awaits it (1001 'keygen'), not as an unhandled rejection.
frameKeyPair.then(
  () => markStep('keypair-ready'),
  () => undefined,
);
