// rsa.js's step-wise key generator, which @types/node-forge leaves out.
export {};

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
