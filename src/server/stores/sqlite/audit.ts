import type { Db } from '../../db/sqlite.js';
import type { AuditStore } from '../types.js';
import { AUDIT_COLUMNS, auditValues, toAuditEntry, type AuditRow } from '../rows.js';

/** Append-only audit trail (PCI DSS 10.2): who did what to which card, never a value. */
export function createSqliteAuditStore(db: Db): AuditStore {
  const insert = db.prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const byMerchant = db.prepare<[string, number, number], AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE merchant_id = ? AND at >= ? ORDER BY id LIMIT ?`,
  );
  const all = db.prepare<[number, number], AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE at >= ? ORDER BY id LIMIT ?`);
  return {
    async record(e) {
      insert.run(...auditValues(e));
    },
    async list({ merchantId, since = 0, limit = 1000 }) {
      const rows = merchantId ? byMerchant.all(merchantId, since, limit) : all.all(since, limit);
      return rows.map(toAuditEntry);
    },
  };
}
