import type { Db } from '../../db/sqlite.js';
import type { CardTransaction, TransactionStore } from '../types.js';

interface TransactionRow {
  id: string;
  card_id: string;
  amount: number;
  currency: string;
  merchant_name: string;
  status: CardTransaction['status'];
  time: number;
}

const toTransaction = (r: TransactionRow): CardTransaction => ({
  id: r.id,
  cardId: r.card_id,
  amount: r.amount,
  currency: r.currency,
  merchantName: r.merchant_name,
  status: r.status,
  time: r.time,
});

const COLUMNS = 'id, card_id, amount, currency, merchant_name, status, time';

/**
 * Keyset pagination, newest first: a page continues strictly after the last row of the
 * previous one in (time, id) descending order. Unlike OFFSET, rows added meanwhile neither
 * repeat nor go missing, and each page costs one index range scan however deep it is.
 */
export function createSqliteTransactionStore(db: Db): TransactionStore {
  const insert = db.prepare(`INSERT INTO card_transactions (${COLUMNS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const first = db.prepare<[string, number, number, number], TransactionRow>(
    `SELECT ${COLUMNS} FROM card_transactions WHERE card_id = ? AND time >= ? AND time < ?
     ORDER BY time DESC, id DESC LIMIT ?`,
  );
  const after = db.prepare<[string, number, number, number, number, string, number], TransactionRow>(
    `SELECT ${COLUMNS} FROM card_transactions WHERE card_id = ? AND time >= ? AND time < ?
     AND (time < ? OR (time = ? AND id < ?)) ORDER BY time DESC, id DESC LIMIT ?`,
  );

  return {
    async create(t) {
      insert.run(t.id, t.cardId, t.amount, t.currency, t.merchantName, t.status, t.time, Date.now());
    },
    async list({ cardId, from, to, after: key, limit }) {
      // One row more than asked says whether another page exists, without a COUNT.
      const rows = key
        ? after.all(cardId, from, to, key.time, key.time, key.id, limit + 1)
        : first.all(cardId, from, to, limit + 1);
      const items = rows.slice(0, limit).map(toTransaction);
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? { time: last.time, id: last.id } : null };
    },
  };
}
