import type { Db } from '../../db/sqlite.js';
import type { DataCipher } from '../../crypto/data-key.js';
import type { CardStore } from '../types.js';
import { CARD_COLUMNS, sealCardSecrets, toCard, toSealedCard, type CardRow } from '../rows.js';

/** Card numbers, CVV and PIN are stored only sealed with the data key, bound to the card id. */
export function createSqliteCardStore(db: Db, cipher: DataCipher): CardStore {
  const insert = db.prepare(
    'INSERT INTO cards (id, merchant_id, type, status, brand, last4, has_pin, secrets_enc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare<[string], CardRow>(`SELECT ${CARD_COLUMNS} FROM cards WHERE id = ?`);
  const sealed = db.prepare<[string], CardRow & { secrets_enc: Buffer }>(
    `SELECT ${CARD_COLUMNS}, secrets_enc FROM cards WHERE id = ?`,
  );
  const byMerchant = db.prepare<[string], CardRow>(`SELECT ${CARD_COLUMNS} FROM cards WHERE merchant_id = ? ORDER BY created_at`);
  // in the one statement, so that no cancel can land between a check and the write
  const setStatus = db.prepare<{ status: string; id: string }>(
    "UPDATE cards SET status = @status WHERE id = @id AND (status <> 'cancelled' OR @status = 'cancelled')",
  );

  return {
    async create(card, secrets) {
      insert.run(
        card.id,
        card.merchantId,
        card.type,
        card.status,
        card.brand,
        card.last4,
        card.hasPin ? 1 : 0,
        sealCardSecrets(cipher, card.id, secrets),
        Date.now(),
      );
    },
    async get(id) {
      const r = byId.get(id);
      return r ? toCard(r) : null;
    },
    async getSealed(id) {
      const r = sealed.get(id);
      return r ? toSealedCard(cipher, r) : null;
    },
    async listByMerchant(merchantId) {
      return byMerchant.all(merchantId).map(toCard);
    },
    async setStatus(id, status) {
      return setStatus.run({ status, id }).changes === 1;
    },
  };
}
