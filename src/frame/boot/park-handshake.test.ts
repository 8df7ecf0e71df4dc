import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HandshakeVerdict } from '../bridge/parent-handshake.js';
import { parkHandshake } from './park-handshake.js';
import { takeEarly } from './early-slots.js';

const refused: HandshakeVerdict = { kind: 'refuse', reason: 'ancestor_mismatch' };
afterEach(() => void takeEarly('handshake'));

describe('the early handshake', () => {
  it('keeps a verdict that came before the app, for the one taker', () => {
    parkHandshake((settle) => settle(refused));
    const start = takeEarly('handshake')!;
    expect(takeEarly('handshake')).toBeUndefined();
    const settle = vi.fn();
    start(settle);
    expect(settle).toHaveBeenCalledExactlyOnceWith(refused);
  });

  it('passes on a verdict that comes after the app took the handshake over', () => {
    let later!: (verdict: HandshakeVerdict) => void;
    const begin = vi.fn((settle: (verdict: HandshakeVerdict) => void) => (later = settle));
    parkHandshake(begin);
    const settle = vi.fn();
    takeEarly('handshake')!(settle);
    expect(settle).not.toHaveBeenCalled();
    later(refused);
    expect(settle).toHaveBeenCalledExactlyOnceWith(refused);
    expect(begin).toHaveBeenCalledOnce(); // one handshake, one hello
  });
});
