import { afterEach, describe, expect, it, vi } from 'vitest';
import { isOpaqueId } from '../shared/protocol.js';
import { createFrameId } from './frame-id.js';

describe('createFrameId', () => {
  afterEach(() => vi.restoreAllMocks());

  it('encodes 16 random bytes as 22 base64url characters', () => {
    expect(createFrameId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('makes ids the frame’s hello guard accepts', () => {
    for (let i = 0; i < 200; i++) expect(isOpaqueId(createFrameId())).toBe(true);
  });

  it('never repeats an id', () => {
    const ids = new Set(Array.from({ length: 2000 }, createFrameId));
    expect(ids.size).toBe(2000);
  });

  it('draws from crypto.getRandomValues and never from Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const getRandomValues = vi.spyOn(crypto, 'getRandomValues');
    createFrameId();
    expect(getRandomValues).toHaveBeenCalledOnce();
    expect((getRandomValues.mock.calls[0]![0] as Uint8Array).length).toBeGreaterThanOrEqual(16);
    expect(random).not.toHaveBeenCalled();
  });

  it('maps the bytes that base64 writes as + and / to - and _, without padding', () => {
    vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => {
      (array as Uint8Array).fill(0xfb); // 111110 111111 ... → "+/" in base64
      return array;
    });
    expect(createFrameId()).toBe('-_v7-_v7-_v7-_v7-_v7-w');
  });
});
