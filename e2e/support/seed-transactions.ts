import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { TRANSACTIONS_PAGE_SIZE } from '../../src/shared/api.js';

const run = promisify(execFile);
const DAY = 86_400_000;

/**
 * The e2e merchant's physical card activity, relative to the run's start: three in the
 * last 7 days, five in the last 30, one older still. Newest first, as the panel lists it.
 */
export const E2E_TRANSACTIONS = [
  { daysAgo: 1, merchant: 'Blue Bottle Coffee', amount: '5.75', currency: 'USD', status: 'completed' },
  { daysAgo: 3, merchant: 'Muji Shinjuku', amount: '3300', currency: 'JPY', status: 'pending' },
  { daysAgo: 5, merchant: 'Le Comptoir', amount: '38.50', currency: 'EUR', status: 'refunded' },
  { daysAgo: 12, merchant: 'Whole Foods Market', amount: '84.12', currency: 'USD', status: 'completed' },
  { daysAgo: 20, merchant: 'Delta Air Lines', amount: '412.30', currency: 'USD', status: 'declined' },
  { daysAgo: 45, merchant: 'Shell', amount: '48.60', currency: 'USD', status: 'completed' },
] as const;

/** The virtual card's: one more than a page (TRANSACTIONS_PAGE_SIZE), so "Load more" has a page to bring. */
export const PAGED_TRANSACTIONS = Array.from({ length: TRANSACTIONS_PAGE_SIZE + 1 }, (_, i) => ({
  daysAgo: 1 + i,
  merchant: `Corner Shop ${i + 1}`,
  amount: `${i + 1}.00`,
  currency: 'USD',
  status: 'completed',
}));

interface Seeded {
  daysAgo: number;
  merchant: string;
  amount: string;
  currency: string;
  status: string;
}

/**
 * Records them through the admin CLI (`txn:create`, DESIGN §8), a few at a time: one CLI
 * process per core. Two dozen at once on a two-core machine starved each of CPU long
 * enough to miss its PostgreSQL handshake.
 */
export async function seedTransactions(
  env: NodeJS.ProcessEnv,
  cardId: string,
  rows: readonly Seeded[] = E2E_TRANSACTIONS,
  now = Date.now(),
): Promise<void> {
  const queue = [...rows];
  const recordNext = async (): Promise<void> => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      // once one fails, setup is undone: the others start nothing more
      await run(
        'npm',
        [
          'run',
          '-s',
          'admin',
          '--',
          'txn:create',
          '--card',
          cardId,
          '--amount',
          t.amount,
          '--currency',
          t.currency,
          '--merchant-name',
          t.merchant,
          '--status',
          t.status,
          '--time',
          new Date(now - t.daysAgo * DAY).toISOString(),
          '--json',
        ],
        { env },
      ).catch((err: unknown) => {
        queue.length = 0;
        throw err;
      });
    }
  };
  // every CLI has ended before setup, on a failure, removes what they write to
  const settled = await Promise.allSettled(Array.from({ length: availableParallelism() }, recordNext));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
