import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStores } from '../stores/sqlite/index.js';
import type { Stores } from '../stores/types.js';
import { createCard, createMerchant } from './commands.js';
import { demoTransactions, seedDemoTransactions } from './demo-transactions.js';

const DAY = 86_400_000;
let stores: Stores;
let cardId: string;
beforeEach(async () => {
  stores = createSqliteStores(':memory:', randomBytes(32));
  const m = await createMerchant(stores, { name: 'Demo', origins: ['https://shop.example'] });
  cardId = (
    await createCard(stores, { merchantId: m.merchant_id, type: 'virtual', pan: '4242424242424242', cvv: '123', expiry: '12/30' })
  ).card_id;
});
afterEach(() => stores.close());

describe('the demo transactions', () => {
  it('are the same every time for the same day, spread over the last 60 days', () => {
    const now = Date.parse('2026-05-20T15:00:00Z');
    const list = demoTransactions(now);
    expect(demoTransactions(now + 3_600_000)).toEqual(list);
    expect(list).toHaveLength(18);
    for (const t of list) {
      expect(t.at).toBeLessThan(now);
      expect(t.at).toBeGreaterThan(now - 60 * DAY);
    }
    expect(new Set(list.map((t) => t.status))).toEqual(new Set(['pending', 'completed', 'declined', 'refunded']));
  });

  it('are added once per card, so seeding again adds nothing', async () => {
    expect(await seedDemoTransactions(stores, [cardId])).toBe(18);
    expect(await seedDemoTransactions(stores, [cardId])).toBe(0);
    const page = await stores.transactions.list({ cardId, from: 0, to: Date.now(), limit: 100 });
    expect(page.items).toHaveLength(18);
  });
});
