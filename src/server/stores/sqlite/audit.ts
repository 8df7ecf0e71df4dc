import type { Db } from '../../db/sqlite.js';
import type { AuditEntry, AuditStore } from '../types.js';

interface AuditRow {
  at: number;
  action: AuditEntry['action'];
  outcome: number;
  merchant_id: string | null;
  card_id: string | null;
  card_last4: string | null;
  session_id: string | null;
  field: string | null;
  origin: string | null;
  ip: string | null;
}

/** Append-only audit trail (PCI DSS 10.2): who did what to which card, never a value. */
export function createSqliteAuditStore(db: Db): AuditStore {
  const insert = db.prepare(
    'INSERT INTO audit_log (at, action, outcome, merchant_id, card_id, card_last4, session_id, field, origin, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    async record(e) {
      insert.run(e.at, e.action, e.outcome, e.merchantId, e.cardId, e.cardLast4, e.sessionId, e.field, e.origin, e.ip);
    },
    async list({ merchantId, since = 0, limit = 1000 }) {
      const rows = merchantId
        ? db
            .prepare<[string, number, number], AuditRow>(
              'SELECT * FROM audit_log WHERE merchant_id = ? AND at >= ? ORDER BY id LIMIT ?',
            )
            .all(merchantId, since, limit)
        : db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE at >= ? ORDER BY id LIMIT ?').all(since, limit);
      return rows.map((r) => ({
        at: r.at,
        action: r.action,
        outcome: r.outcome,
        merchantId: r.merchant_id,
        cardId: r.card_id,
        cardLast4: r.card_last4,
        sessionId: r.session_id,
        field: r.field,
        origin: r.origin,
        ip: r.ip,
      }));
    },
  };
}
