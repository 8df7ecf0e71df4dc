import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { takeEarly } from './early-slots.js';
import { refusalQuery } from '../testing/refusal-meta.js';

/** A page's head as the boot modules read it: with the server's refusal meta, or without. */
function openPage(refusal?: string) {
  const generateKey = vi.fn(() => new Promise<CryptoKeyPair>(() => undefined));
  vi.stubGlobal('crypto', { subtle: { generateKey } });
  vi.stubGlobal('document', {
    querySelector: refusalQuery(refusal),
  });
  return generateKey;
}

beforeEach(() => vi.resetModules());
afterEach(() => {
  vi.unstubAllGlobals();
  void takeEarly('keygen');
});

describe('the app’s key generation, on a load the server refused (early-hosted.test.ts has the early script’s)', () => {
  it('where no early script ran either: its key pair is refused, with no prime search in its place', async () => {
    const generateKey = openPage('1001');
    const { frameKeyPair } = await import('./start-keypair.js');
    await expect(frameKeyPair).rejects.toThrow(/refused/);
    expect(generateKey).not.toHaveBeenCalled();
  });

  it('while a page served as usual starts one, where no early script did', async () => {
    const generateKey = openPage();
    const { takeKeyGeneration } = await import('./start-keygen.js');
    expect(generateKey).toHaveBeenCalledOnce();
    expect(takeKeyGeneration()).toBeInstanceOf(Promise);
  });

  it('and a meta with a code no refusal has counts for nothing', async () => {
    const generateKey = openPage('1014');
    await import('./start-keygen.js');
    expect(generateKey).toHaveBeenCalledTimes(1);
  });
});
