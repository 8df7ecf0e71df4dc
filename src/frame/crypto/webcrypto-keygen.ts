/**
 * The frame's ephemeral key (DESIGN §5): RSA-OAEP, 2048 bits, e = 65537.
 *
 * No imports, on purpose: the first module the page runs starts the generation with
 * this, before node-forge or React have even been evaluated, so the longest step of
 * the load (≈ 60 ms, native and off the main thread) overlaps all of theirs.
 */
export const KEY_BITS = 2048;
export const KEY_EXPONENT = 0x10001;

/** Starts WebCrypto's generator; null where the page has no SubtleCrypto (keypair.ts falls back). */
export function startKeyGeneration(
  subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null,
): Promise<CryptoKeyPair> | null {
  if (!subtle) return null;
  return subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: KEY_BITS, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true, // extractable: forge, not WebCrypto, does the unwrapping (DESIGN §5)
    ['encrypt', 'decrypt'],
  );
}
