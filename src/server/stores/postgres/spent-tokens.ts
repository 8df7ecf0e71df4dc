import type pg from 'pg';

/** The durable record that a Client-Access-Token was used, whatever Redis later forgets. */
export interface SpentTokenLedger {
  /** true for the first caller ever to mark `hash`, on any instance; false for every other */
  markSpent(hash: string, at: number): Promise<boolean>;
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
    async markSpent(hash, at) {
      const { rowCount } = await pool.query(
        'INSERT INTO spent_tokens (token_hash, spent_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [hash, at],
      );
      return rowCount === 1;
    },
    async purgeBefore(at) {
      const { rowCount } = await pool.query('DELETE FROM spent_tokens WHERE spent_at < $1', [at]);
      return rowCount ?? 0;
    },
  };
}
