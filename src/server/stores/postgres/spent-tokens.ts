import type pg from 'pg';
import { backgroundQuery } from './pool.js';
import type { SpentToken } from '../types.js';

/** The durable record that a Client-Access-Token was used, whatever Redis later forgets. */
export interface SpentTokenLedger {
  /** true for the first caller ever to mark `hash`, on any instance; false for every other */
  markSpent(hash: string, at: number, spent: SpentToken): Promise<boolean>;
  /** Whose the spent token was and who spent it; null when never spent here, purged, or spent before owners were kept. */
  spentOf(hash: string): Promise<SpentToken | null>;
  /** Forgets spends before `at`; returns how many. Only for tokens long past their expiry. */
  purgeBefore(at: number): Promise<number>;
}

/**
 * Redis decides which presentation consumes a token; this ledger backs it: should Redis
 * come back from a snapshot that still holds a spent token, the insert finds the row
 * and the second spend is refused. The primary key decides, so concurrent callers on
 * any number of instances get exactly one true.
 */
export function createSpentTokenLedger(pool: pg.Pool): SpentTokenLedger {
  return {
    async markSpent(hash, at, spent) {
      const { rowCount } = await pool.query(
        'INSERT INTO spent_tokens (token_hash, spent_at, merchant_id, card_id, spent_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [hash, at, spent.merchantId, spent.cardId, spent.spentBy],
      );
      return rowCount === 1;
    },
    async spentOf(hash) {
      const { rows } = await pool.query<{ merchant_id: string | null; card_id: string | null; spent_by: string | null }>(
        'SELECT merchant_id, card_id, spent_by FROM spent_tokens WHERE token_hash = $1',
        [hash],
      );
      const row = rows[0];
      return row?.merchant_id && row.card_id ? { merchantId: row.merchant_id, cardId: row.card_id, spentBy: row.spent_by } : null;
    },
    async purgeBefore(at) {
      // a day's spends: the minute's purge may take longer than a request's statement limit
      const { rowCount } = await backgroundQuery(pool, 'DELETE FROM spent_tokens WHERE spent_at < $1', [at]);
      return rowCount ?? 0;
    },
  };
}
