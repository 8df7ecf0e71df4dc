import { describe, expect, it } from 'vitest';
import { CardveilError, expect as expectOption } from './errors.js';

describe('CardveilError', () => {
  it('is an Error whose code, reason and name survive for the merchant’s catch', () => {
    const error = new CardveilError(1004, 'locale: Invalid request parameter');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CardveilError);
    expect(error.name).toBe('CardveilError');
    expect(error.code).toBe(1004);
    expect(error.reason).toBe('locale: Invalid request parameter');
    expect(error.message).toBe('Cardveil 1004: locale: Invalid request parameter');
  });

  it('survives structured cloning with its code and reason (as penpal’s errors do)', () => {
    const clone = structuredClone({ ...new CardveilError(1004, 'fields: Invalid request parameter') });
    expect(clone).toMatchObject({ code: 1004, reason: 'fields: Invalid request parameter' });
  });

  it('is thrown by an option check that fails, naming the option in the platform’s words', () => {
    expect(() => expectOption(false, 'merchantId')).toThrow(new CardveilError(1004, 'merchantId: Invalid request parameter'));
    expect(() => expectOption(true, 'merchantId')).not.toThrow();
  });
});
