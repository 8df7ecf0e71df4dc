/**
 * Inlined into the frame pages' <head> at build time (vite.config.ts), so it runs while the
 * HTML is still being parsed: the key generation, the longest step of a load, starts before
 * the app's module has even downloaded, not after it has been parsed. start-keygen.ts takes
 * the generation over from the slot, or starts one itself where this never ran.
 */
import { startKeyGeneration } from '../crypto/webcrypto-keygen.js';
import { markStep } from './marks.js';
import { EARLY_KEYGEN_SLOT, type EarlyKeygenSlot } from './early-keygen-slot.js';

markStep('keygen-start');
(globalThis as EarlyKeygenSlot)[EARLY_KEYGEN_SLOT] = startKeyGeneration();
