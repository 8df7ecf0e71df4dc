import { describe, expect, it } from 'vitest';
import { CardveilError, expect as expectOption } from './errors.js';

describe('CardveilError', () => {
  it('is an Error whose code, reason and name survive for the merchant’s catch', () => {
    const error = new CardveilError(1004, 'locale: expected en_US or zh_CN');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CardveilError);
    expect(error.name).toBe('CardveilError');
    expect(error.code).toBe(1004);
    expect(error.reason).toBe('locale: expected en_US or zh_CN');
    expect(error.message).toBe('Cardveil 1004: locale: expected en_US or zh_CN');
  });

  it('survives structured cloning with its code and reason (as penpal’s errors do)', () => {
    const clone = structuredClone({ ...new CardveilError(1004, 'fields: expected pan') });
    expect(clone).toMatchObject({ code: 1004, reason: 'fields: expected pan' });
  });

  it('is thrown by an option check that fails, naming the option', () => {
    expect(() => expectOption(false, 'merchantId', 'mch_...')).toThrow(new CardveilError(1004, 'merchantId: expected mch_...'));
    expect(() => expectOption(true, 'merchantId', 'mch_...')).not.toThrow();
  });
});
