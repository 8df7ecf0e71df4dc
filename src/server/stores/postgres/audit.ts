import type pg from 'pg';
import { backgroundQuery } from './pool.js';
import type { AuditStore } from '../types.js';
import { AUDIT_COLUMNS, auditPlaceholders, auditReads, auditValues, END_OF_TIME, toAuditEntry, type AuditRow } from '../rows.js';

const READS = auditReads((n) => `$${n}`);

/**
 * Append-only audit trail (PCI DSS 10.2): who did what to which card, never a value.
 * Listed by `at`, then insertion order (the identity id), as in SQLite; `at` comes from
 * each instance's clock and may interleave.
 */
export function createPostgresAuditStore(pool: pg.Pool): AuditStore {
  return {
    async record(e) {
      await pool.query(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${auditPlaceholders((n) => `$${n}`)})`, auditValues(e));
    },
    // The auditor's read (admin CLI), on no request's path: a long log may take longer than a request's limit.
    async list({ merchantId, since = 0, until = END_OF_TIME, limit = 1000 }) {
      const { rows } = merchantId
        ? await backgroundQuery<AuditRow>(pool, READS.byMerchant, [merchantId, since, until, limit])
        : await backgroundQuery<AuditRow>(pool, READS.all, [since, until, limit]);
      return rows.map(toAuditEntry);
    },
  };
}
