import type { Db } from '../../db/sqlite.js';
import type { AuditStore } from '../types.js';
import { auditReads, auditValues, END_OF_TIME, toAuditEntry, type AuditRow } from '../rows.js';
import type { WriteQueue } from './write-queue.js';

/**
 * Append-only audit trail (PCI DSS 10.2): who did what to which card, never a value.
 * A row shares its commit with the exchange's other writes (write-queue.ts), and
 * record() settles only once that commit is done: no card data leaves before its row.
 */
export function createSqliteAuditStore(db: Db, queue: WriteQueue): AuditStore {
  const reads = auditReads(() => '?');
  const byMerchant = db.prepare<[string, number, number, number], AuditRow>(reads.byMerchant);
  const all = db.prepare<[number, number, number], AuditRow>(reads.all);
  return {
    async record(e) {
      await queue.write({ name: 'recordAudit', params: auditValues(e) });
    },
    async list({ merchantId, since = 0, until = END_OF_TIME, limit = 1000 }) {
      const rows = merchantId ? byMerchant.all(merchantId, since, until, limit) : all.all(since, until, limit);
      return rows.map(toAuditEntry);
    },
  };
}
