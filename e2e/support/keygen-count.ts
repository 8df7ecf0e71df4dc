import type { Frame, Page } from '@playwright/test';

/**
 * Counts a document's calls to WebCrypto's key generator: an init script, so it is in place
 * before the page's early script runs, in every frame of the page.
 */
export const countKeyGenerations = () => {
  const w = window as unknown as { __keygens: number };
  const generate = crypto.subtle.generateKey.bind(crypto.subtle);
  w.__keygens = 0;
  crypto.subtle.generateKey = ((...args: Parameters<SubtleCrypto['generateKey']>) => {
    w.__keygens++;
    return generate(...args);
  }) as SubtleCrypto['generateKey'];
};

/** How many key pairs the document in `target` has started generating. */
export const keyGenerations = (target: Page | Frame) =>
  target.evaluate(() => (window as unknown as { __keygens: number }).__keygens);
