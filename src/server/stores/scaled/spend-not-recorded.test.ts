import { describe, expect, it } from 'vitest';
import type { ClientToken, EphemeralStore } from '../types.js';
import type { PostgresStores } from '../postgres/index.js';
import { withDurableBackstops } from './index.js';

const NOW = Date.UTC(2026, 10, 27);
const token: ClientToken = {
  merchantId: 'mch_1',
  cardId: 'card_1',
  fields: ['pan'],
  mode: 'embed',
  parentOrigin: 'https://shop.example',
  expiresAt: NOW + 60_000,
};

describe('a token Redis handed out whose ledger write failed', () => {
  it('fails the consume with SpendNotRecorded, naming whose token it was for the audit', async () => {
    const ephemeral = { consumeClientToken: async () => token } as unknown as EphemeralStore;
    const cause = new Error('canceling statement due to statement timeout');
    const durable = {
      spentTokens: {
        markSpent: async () => {
          throw cause;
        },
      },
    } as unknown as PostgresStores;
    await expect(withDurableBackstops(ephemeral, durable).consumeClientToken('hash', NOW, '203.0.113.7')).rejects.toMatchObject({
      name: 'SpendNotRecorded',
      owner: { merchantId: 'mch_1', cardId: 'card_1' },
      cause,
    });
  });
});
