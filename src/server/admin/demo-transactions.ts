import type { DurableStores } from '../stores/types.js';
import { createTransaction } from './commands.js';

const DAY = 86_400_000;

/** Merchants, amounts and currencies the demo cards were "used" at; cycled, never random. */
const SPEND = [
  ['Blue Bottle Coffee', '5.75', 'USD'],
  ['Whole Foods Market', '84.12', 'USD'],
  ['Uber', '23.40', 'USD'],
  ['Amazon', '129.99', 'USD'],
  ['Shell', '48.60', 'USD'],
  ['Netflix', '15.49', 'USD'],
  ['Muji Shinjuku', '3300', 'JPY'],
  ['Delta Air Lines', '412.30', 'USD'],
  ['Starbucks', '6.25', 'USD'],
  ['盒马鲜生', '156.80', 'CNY'],
  ['Apple Store', '29.00', 'USD'],
  ['Le Comptoir', '38.50', 'EUR'],
] as const;

/**
 * The demo cards' activity: 18 transactions per card over the last ~60 days, laid out by
 * formula (no randomness), so every seeded store tells the same story relative to today.
 * The most recent is pending; a few are declined or refunded, as real activity is.
 */
export function demoTransactions(
  now: number,
): { amount: string; currency: string; merchantName: string; status: string; at: number }[] {
  const today = Math.floor(now / DAY) * DAY;
  return Array.from({ length: 18 }, (_, i) => {
    const [merchantName, amount, currency] = SPEND[(i * 5) % SPEND.length]!;
    const status = i === 0 ? 'pending' : i % 7 === 3 ? 'declined' : i % 9 === 5 ? 'refunded' : 'completed';
    // About every 3.3 days, at shop hours (09:00–20:59 UTC), first one yesterday.
    const at = today - (1 + Math.floor((i * 10) / 3)) * DAY + (9 + ((i * 7) % 12)) * 3_600_000 + ((i * 17) % 60) * 60_000;
    return { amount, currency, merchantName, status, at };
  });
}

/** Gives each card the demo activity, unless it already has some (so re-seeding adds nothing). */
export async function seedDemoTransactions(stores: DurableStores, cardIds: string[], now = Date.now()): Promise<number> {
  let created = 0;
  for (const [n, cardId] of cardIds.entries()) {
    const any = await stores.transactions.list({ cardId, from: 0, to: Number.MAX_SAFE_INTEGER, limit: 1 });
    if (any.items.length > 0) continue;
    for (const t of demoTransactions(now - n * 3_600_000)) {
      await createTransaction(stores, { cardId, ...t, time: new Date(t.at).toISOString() });
      created++;
    }
  }
  return created;
}
