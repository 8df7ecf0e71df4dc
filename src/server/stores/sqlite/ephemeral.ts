import type { Db } from '../../db/sqlite.js';
import { CLIENT_TOKEN_GRACE_MS, type ClientToken, type DisplaySession, type EphemeralStore } from '../types.js';
import type { WriteQueue } from './write-queue.js';

interface TokenRow {
  merchant_id: string;
  card_id: string;
  fields: string;
  mode: ClientToken['mode'];
  parent_origin: string | null;
  expires_at: number;
}

const toToken = (r: TokenRow): ClientToken => ({
  merchantId: r.merchant_id,
  cardId: r.card_id,
  fields: JSON.parse(r.fields) as ClientToken['fields'],
  mode: r.mode,
  parentOrigin: r.parent_origin,
  expiresAt: r.expires_at,
});

/** Writes go through `queue` (write-queue.ts, writes.ts): the exchange's rows share commits. */
export function createSqliteEphemeralStore(db: Db, queue: WriteQueue): EphemeralStore {
  const { write } = queue;
  const getAccess = db.prepare<[string, number], { merchant_id: string; api_key: string | null; expires_at: number }>(
    'SELECT merchant_id, api_key, expires_at FROM access_tokens WHERE token_hash = ? AND expires_at > ?',
  );
  const getSpent = db.prepare<[string], { merchant_id: string; card_id: string; used_by: string | null }>(
    'SELECT merchant_id, card_id, used_by FROM client_tokens WHERE token_hash = ? AND used_at IS NOT NULL',
  );
  const getSession = db.prepare<[string, number], TokenRow & { id: string }>(
    'SELECT * FROM sessions WHERE id = ? AND expires_at > ?',
  );
  const purge = [
    db.prepare('DELETE FROM access_tokens WHERE expires_at <= ?'),
    // kept past expiry, used or not, so a late presentation still names its merchant and card
    db.prepare(`DELETE FROM client_tokens WHERE expires_at <= ? - ${CLIENT_TOKEN_GRACE_MS}`),
    db.prepare('DELETE FROM nonces WHERE expires_at <= ?'),
    db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
  ];

  return {
    async putAccessToken(hash, { merchantId, apiKey, expiresAt }) {
      await write({ name: 'putAccessToken', params: [hash, merchantId, apiKey, expiresAt] });
    },
    async getAccessToken(hash, now) {
      const row = getAccess.get(hash, now);
      return row ? { merchantId: row.merchant_id, apiKey: row.api_key, expiresAt: row.expires_at } : null;
    },
    async putClientToken(hash, t) {
      const params = [hash, t.merchantId, t.cardId, JSON.stringify(t.fields), t.mode, t.parentOrigin, t.expiresAt];
      await write({ name: 'putClientToken', params });
    },
    async consumeClientToken(hash, now, spender) {
      const row = (await write({ name: 'consumeClientToken', params: [now, spender, hash] })) as TokenRow | undefined;
      return row ? toToken(row) : null;
    },
    async spentClientToken(hash) {
      const row = getSpent.get(hash);
      return row ? { merchantId: row.merchant_id, cardId: row.card_id, spentBy: row.used_by } : null;
    },
    async rememberNonce(scope, value, expiresAt) {
      return (await write({ name: 'rememberNonce', params: [scope, value, expiresAt] })) === 1;
    },
    async putSession(s: DisplaySession) {
      const params = [s.id, s.merchantId, s.cardId, JSON.stringify(s.fields), s.mode, s.parentOrigin, s.expiresAt];
      await write({ name: 'putSession', params });
    },
    async getSession(id, now) {
      const r = getSession.get(id, now);
      return r ? { id: r.id, ...toToken(r) } : null;
    },
    async purgeExpired(now) {
      return db.transaction(() => purge.reduce((n, stmt) => n + stmt.run(now).changes, 0))();
    },
  };
}
