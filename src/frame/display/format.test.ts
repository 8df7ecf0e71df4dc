import { describe, expect, it } from 'vitest';
import { formatPan, maskedValue, panGroups, revealedText, spokenValue } from './format.js';

describe('masked values', () => {
  it.each([
    ['pan', '•••• •••• •••• 4242'],
    ['expiry', '••/••'],
    ['cvv', '•••'],
    ['pin', '••••••'],
  ] as const)('masks the %s as %s', (field, masked) => {
    expect(maskedValue(field, '4242')).toBe(masked);
  });
});

describe('revealed values', () => {
  it('groups a 16-digit PAN in fours', () => {
    expect(formatPan('4242424242424242')).toBe('4242 4242 4242 4242');
  });

  it('groups an American Express PAN 4-6-5', () => {
    expect(panGroups('378282246310005')).toEqual([4, 6, 5]);
    expect(formatPan('378282246310005')).toBe('3782 822463 10005');
  });

  it('groups a 19-digit PAN in fours with a short tail', () => {
    expect(formatPan('6212345678901234567')).toBe('6212 3456 7890 1234 567');
  });

  it('keeps a 15-digit PAN that is not Amex in fours', () => {
    expect(formatPan('123456789012345')).toBe('1234 5678 9012 345');
  });

  it('shows the expiry and other fields as read', () => {
    expect(revealedText('expiry', '12/30')).toBe('12/30');
    expect(revealedText('cvv', '123')).toBe('123');
    expect(revealedText('pin', '246810')).toBe('246810');
  });
});

describe('a revealed value as a screen reader says it', () => {
  it.each([
    ['4111 1111 1111 1111', '4 1 1 1, 1 1 1 1, 1 1 1 1, 1 1 1 1'],
    ['3782 822463 10005', '3 7 8 2, 8 2 2 4 6 3, 1 0 0 0 5'],
    ['08/31', '0 8 / 3 1'],
    ['592718', '5 9 2 7 1 8'],
  ])('%s → %s', (shown, spoken) => {
    expect(spokenValue(shown)).toBe(spoken);
  });
});
