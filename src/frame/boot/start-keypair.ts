import { createFrameKeyPair, type FrameKeyPair } from '../crypto/keypair.js';

/**
 * The first module each page evaluates: the key pair starts generating before React
 * loads or the handshake begins, and the exchange awaits it (DESIGN §9: no waterfall).
 */
export const frameKeyPair: Promise<FrameKeyPair> = createFrameKeyPair();
// A failure surfaces where the exchange awaits it (1001 'keygen'), not as an unhandled rejection.
frameKeyPair.catch(() => undefined);
