/**
 * The frame imports node-forge module by module (NOTES.md: the whole package weighs
 * ~80 KB gzip against a 115 KB budget). Each subpath registers itself on the one
 * `forge` object that `lib/forge` exports, so that object is typed as the package.
 */
import type * as forgeTypes from 'node-forge';

declare module 'node-forge/lib/forge.js' {
  const forge: typeof forgeTypes;
  export default forge;
}
declare module 'node-forge/lib/util.js';
declare module 'node-forge/lib/asn1.js';
declare module 'node-forge/lib/sha256.js';
declare module 'node-forge/lib/aes.js';
declare module 'node-forge/lib/rsa.js';

// rsa.js's step-wise generator, which @types/node-forge leaves out.
declare module 'node-forge' {
  namespace pki.rsa {
    interface KeyPairGenerationState {
      keys?: KeyPair;
    }
    function createKeyPairGenerationState(bits: number, e: number): KeyPairGenerationState;
    /** Runs for at most `ms` milliseconds; true once `state.keys` is set. */
    function stepKeyPairGenerationState(state: KeyPairGenerationState, ms: number): boolean;
  }
}
