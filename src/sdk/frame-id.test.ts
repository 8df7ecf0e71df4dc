import { afterEach, describe, expect, it, vi } from 'vitest';
import { isOpaqueId } from '../shared/protocol.js';
import { createFrameId } from './frame-id.js';

describe('createFrameId', () => {
  afterEach(() => vi.restoreAllMocks());

  it('makes ids the frame’s hello guard accepts', () => {
    for (let i = 0; i < 200; i++) expect(isOpaqueId(createFrameId())).toBe(true);
  });

  it('stays long enough for that guard even when every word is zero', () => {
    vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => array);
    expect(createFrameId()).toBe('0_0_0_0_0');
    expect(isOpaqueId(createFrameId())).toBe(true);
  });

  it('never repeats an id', () => {
    const ids = new Set(Array.from({ length: 2000 }, createFrameId));
    expect(ids.size).toBe(2000);
  });

  it('draws 160 bits from crypto.getRandomValues and nowhere else', () => {
    const random = vi.spyOn(Math, 'random');
    const getRandomValues = vi.spyOn(crypto, 'getRandomValues');
    createFrameId();
    expect(getRandomValues).toHaveBeenCalledOnce();
    expect((getRandomValues.mock.calls[0]![0] as Uint32Array).byteLength).toBe(20);
    expect(random).not.toHaveBeenCalled();
  });
});
