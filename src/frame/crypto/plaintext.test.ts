import { describe, expect, it } from 'vitest';
import { pickValue } from './card-vault.js';
import { EnvelopeError } from './envelope-error.js';

describe('picking a field out of a decrypted payload', () => {
  it('pads a one-digit month and keeps two digits of the year', () => {
    expect(pickValue('expiry', { exp_month: '3', exp_year: '2031' })).toBe('03/31');
  });

  it.each([
    ['pan', { pan: '4242 4242 4242 4242' }],
    ['pan', { pan: 4242424242424242 }],
    ['cvv', { cvv: '12' }],
    ['pin', {}],
    ['expiry', { exp_month: '13', exp_year: '2030' }],
    ['expiry', { exp_month: '12' }],
    ['cvv', null],
  ] as const)('treats a malformed %s payload as the uniform failure', (field, payload) => {
    expect(() => pickValue(field, payload)).toThrow(EnvelopeError);
  });
});
