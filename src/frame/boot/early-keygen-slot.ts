/** Where the inline <head> script leaves the key generation it started, for the app to take. */
export const EARLY_KEYGEN_SLOT = '__cardveilKeygen';

export type EarlyKeygenSlot = { [EARLY_KEYGEN_SLOT]?: Promise<CryptoKeyPair> | null };

/** The generation the inline script started, removed from the global so only one taker ever gets it. */
export function takeEarlyKeyGeneration(): Promise<CryptoKeyPair> | null | undefined {
  const slot = globalThis as EarlyKeygenSlot;
  const generation = slot[EARLY_KEYGEN_SLOT];
  delete slot[EARLY_KEYGEN_SLOT];
  return generation;
}
