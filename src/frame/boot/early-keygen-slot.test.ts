import { describe, expect, it } from 'vitest';
import { EARLY_KEYGEN_SLOT, takeEarlyKeyGeneration, type EarlyKeygenSlot } from './early-keygen-slot.js';

describe('the early key generation slot', () => {
  it('hands the generation the inline script started to one taker, and keeps nothing', async () => {
    const generation = Promise.resolve({} as CryptoKeyPair);
    (globalThis as EarlyKeygenSlot)[EARLY_KEYGEN_SLOT] = generation;
    expect(takeEarlyKeyGeneration()).toBe(generation);
    expect(EARLY_KEYGEN_SLOT in globalThis).toBe(false);
    expect(takeEarlyKeyGeneration()).toBeUndefined();
  });

  it('passes on a null generation (no WebCrypto): the app then uses its fallback, not a second WebCrypto try', () => {
    (globalThis as EarlyKeygenSlot)[EARLY_KEYGEN_SLOT] = null;
    expect(takeEarlyKeyGeneration()).toBeNull();
  });
});
