import type pg from 'pg';
import { backgroundQuery } from './pool.js';

/** Nonces kept in PostgreSQL: those whose loss with a Redis restart would reopen a replay. */
export interface NonceLedger {
  /** false when the nonce was already recorded in its scope, on any instance */
  remember(scope: string, nonce: string, expiresAt: number): Promise<boolean>;
  /** Forgets nonces expired at `now`; returns how many. */
  purge(now: number): Promise<number>;
}

export function createNonceLedger(pool: pg.Pool): NonceLedger {
  return {
    async remember(scope, nonce, expiresAt) {
      const { rowCount } = await pool.query(
        'INSERT INTO merchant_nonces (scope, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [scope, nonce, expiresAt],
      );
      return rowCount === 1;
    },
    async purge(now) {
      const { rowCount } = await backgroundQuery(pool, 'DELETE FROM merchant_nonces WHERE expires_at <= $1', [now]);
      return rowCount ?? 0;
    },
  };
}
