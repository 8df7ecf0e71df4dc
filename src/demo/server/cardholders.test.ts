import { describe, expect, it } from 'vitest';
import { createCardholderDirectory, decideGrant, DEMO_CARDHOLDER_ID, fieldsFor } from './cardholders.js';

const directory = createCardholderDirectory({
  cards: [
    { card_id: 'card_physical', label: 'Visa', type: 'physical', last4: '5556' },
    { card_id: 'card_virtual', label: 'Mastercard', type: 'virtual', last4: '4444' },
  ],
});
const cardholder = directory.find(DEMO_CARDHOLDER_ID)!;

describe('the cardholder directory', () => {
  it('has the demo cardholder own the seeded cards, and nobody else', () => {
    expect(cardholder.cards.map((c) => c.card_id)).toEqual(['card_physical', 'card_virtual']);
    expect(directory.find('ch_someone_else')).toBeUndefined();
  });

  it.each([
    ['physical', ['pan', 'expiry', 'cvv', 'pin', 'transactions']],
    ['virtual', ['pan', 'expiry', 'cvv', 'transactions']],
  ] as const)('lets a cardholder see these details of a %s card: %j', (type, fields) => {
    expect(fieldsFor(type)).toEqual(fields);
  });
});

describe('decideGrant', () => {
  it('grants the fields asked for of the cardholder’s own card, once each, in display order', () => {
    expect(decideGrant(cardholder, { card_id: 'card_physical', fields: ['pin', 'pan', 'pin'] })).toEqual({
      ok: true,
      card_id: 'card_physical',
      fields: ['pan', 'pin'],
    });
  });

  it.each([
    ['another cardholder’s card', 'card_someone_elses'],
    ['an id that exists nowhere', 'card_does_not_exist'],
    ['an empty id', ''],
  ])('refuses %s with the same answer', (_name, cardId) => {
    expect(decideGrant(cardholder, { card_id: cardId, fields: ['pan'] })).toEqual({ ok: false, reason: 'not_your_card' });
  });

  it('refuses a field the cardholder may not see, naming it', () => {
    expect(decideGrant(cardholder, { card_id: 'card_virtual', fields: ['pan', 'pin'] })).toEqual({
      ok: false,
      reason: 'field_not_allowed',
      field: 'pin',
    });
  });
});
