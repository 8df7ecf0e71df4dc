import type pg from 'pg';
import type { DataCipher } from '../../crypto/data-key.js';
import type { CardStore } from '../types.js';
import { CARD_COLUMNS, sealCardSecrets, toCard, toSealedCard, type CardRow } from '../rows.js';

/** Card numbers, CVV and PIN are stored only sealed with the data key, bound to the card id. */
export function createPostgresCardStore(pool: pg.Pool, cipher: DataCipher): CardStore {
  return {
    async create(card, secrets) {
      await pool.query(
        'INSERT INTO cards (id, merchant_id, type, status, brand, last4, has_pin, secrets_enc, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [
          card.id,
          card.merchantId,
          card.type,
          card.status,
          card.brand,
          card.last4,
          card.hasPin,
          sealCardSecrets(cipher, card.id, secrets),
          Date.now(),
        ],
      );
    },
    async get(id) {
      const { rows } = await pool.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM cards WHERE id = $1`, [id]);
      return rows[0] ? toCard(rows[0]) : null;
    },
    async getSealed(id) {
      const { rows } = await pool.query<CardRow & { secrets_enc: Buffer }>(
        `SELECT ${CARD_COLUMNS}, secrets_enc FROM cards WHERE id = $1`,
        [id],
      );
      return rows[0] ? toSealedCard(cipher, rows[0]) : null;
    },
    async listByMerchant(merchantId) {
      const { rows } = await pool.query<CardRow>(
        `SELECT ${CARD_COLUMNS} FROM cards WHERE merchant_id = $1 ORDER BY created_at, id`,
        [merchantId],
      );
      return rows.map(toCard);
    },
    async setStatus(id, status) {
      // in the one statement, so that no cancel can land between a check and the write
      const { rowCount } = await pool.query(
        "UPDATE cards SET status = $1 WHERE id = $2 AND (status <> 'cancelled' OR $1 = 'cancelled')",
        [status, id],
      );
      return rowCount === 1;
    },
  };
}
