import { afterEach, describe, expect, it } from 'vitest';
import { parkEarly, takeEarly } from './early-slots.js';

const fragment = { token: 'tok_abcdefghijklmnop', locale: 'zh_CN' };
afterEach(() => {
  void takeEarly('fragment');
  void takeEarly('keygen');
  delete (Object.prototype as Record<string, unknown>).__cardveil_fragment;
});

describe('the early script slots', () => {
  it('hand what the early script left to one taker, and keep nothing on the global', () => {
    parkEarly('fragment', fragment);
    expect(Object.keys(globalThis)).not.toContain('__cardveil_fragment'); // not enumerable
    expect(takeEarly('fragment')).toBe(fragment);
    expect('__cardveil_fragment' in globalThis).toBe(false);
    expect(takeEarly('fragment')).toBeUndefined();
  });

  it('pass on a null key generation (no WebCrypto): the app then uses its fallback, not a second WebCrypto try', () => {
    parkEarly('keygen', null);
    expect(takeEarly('keygen')).toBeNull();
  });

  it('are empty where no early script ran', () => {
    expect(takeEarly('keygen')).toBeUndefined();
  });

  it('take nothing reached through the prototype chain: a polluted Object.prototype plants no token', () => {
    (Object.prototype as Record<string, unknown>).__cardveil_fragment = { token: 'tok_attacker_0000', locale: null };
    expect(takeEarly('fragment')).toBeUndefined();
  });

  it('cannot be overwritten by a later assignment', () => {
    parkEarly('fragment', fragment);
    expect(() => ((globalThis as Record<string, unknown>).__cardveil_fragment = { token: 'tok_attacker_0000' })).toThrow(
      TypeError,
    );
    expect(takeEarly('fragment')).toBe(fragment);
  });
});
