import type pg from 'pg';
import type { TransactionStore } from '../types.js';
import { TRANSACTION_COLUMNS as COLUMNS, transactionPage, type TransactionRow } from '../rows.js';

/**
 * Keyset pagination, newest first, as the SQLite store: a page continues strictly after
 * the last row of the previous one in (time, id) descending order. The row comparison
 * `(time, id) < (…)` is one range on the (card_id, time, id) index, scanned backwards;
 * id is COLLATE "C" (migrations.ts), so ties break bytewise as in SQLite.
 */
export function createPostgresTransactionStore(pool: pg.Pool): TransactionStore {
  return {
    async create(t) {
      await pool.query(`INSERT INTO card_transactions (${COLUMNS}, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        t.id,
        t.cardId,
        t.amount,
        t.currency,
        t.merchantName,
        t.status,
        t.time,
        Date.now(),
      ]);
    },
    async list({ cardId, from, to, after, limit }) {
      const { rows } = after
        ? await pool.query<TransactionRow>(
            `SELECT ${COLUMNS} FROM card_transactions WHERE card_id = $1 AND time >= $2 AND time < $3
             AND (time, id) < ($4, $5) ORDER BY time DESC, id DESC LIMIT $6`,
            [cardId, from, to, after.time, after.id, limit + 1],
          )
        : await pool.query<TransactionRow>(
            `SELECT ${COLUMNS} FROM card_transactions WHERE card_id = $1 AND time >= $2 AND time < $3
             ORDER BY time DESC, id DESC LIMIT $4`,
            [cardId, from, to, limit + 1],
          );
      return transactionPage(rows, limit);
    },
  };
}
