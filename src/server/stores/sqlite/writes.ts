import type { Db } from '../../db/sqlite.js';
import { AUDIT_COLUMNS, auditPlaceholders } from '../rows.js';

/**
 * The SQLite store's hot writes, as data: a name and its parameters. Data rather than
 * closures, because the connection that commits them lives on the commit thread
 * (commit-thread.ts), not on the one that serves requests.
 */
const STATEMENTS = {
  putAccessToken: 'INSERT INTO access_tokens (token_hash, merchant_id, api_key, expires_at) VALUES (?, ?, ?, ?)',
  putClientToken:
    'INSERT INTO client_tokens (token_hash, merchant_id, card_id, fields, mode, parent_origin, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  // One statement marks and returns: SQLite serialises writers, so under any number of
  // concurrent presentations exactly one sees `used_at IS NULL` (DESIGN §5 step 5).
  consumeClientToken:
    'UPDATE client_tokens SET used_at = ?, used_by = ? WHERE token_hash = ? AND used_at IS NULL RETURNING merchant_id, card_id, fields, mode, parent_origin, expires_at',
  rememberNonce: 'INSERT OR IGNORE INTO nonces (scope, nonce, expires_at) VALUES (?, ?, ?)',
  putSession:
    'INSERT INTO sessions (id, merchant_id, card_id, fields, mode, parent_origin, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  recordAudit: `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${auditPlaceholders(() => '?')})`,
} as const;

export type WriteName = keyof typeof STATEMENTS;

/** What a write answers: the returned row for `RETURNING`, else the number of rows changed. */
export type WriteResult = Record<string, unknown> | undefined | number;

export interface Write {
  name: WriteName;
  params: readonly (string | number | null)[];
}

/** One write's outcome; a failure carries only what a structured clone keeps. */
export type Outcome = { ok: true; value: WriteResult } | { ok: false; message: string; code?: string };

/**
 * Prepares every write once for this connection and returns the batch runner: one
 * transaction per batch, one outcome per write. It never throws.
 */
export function prepareWrites(db: Db): (batch: readonly Write[]) => Outcome[] {
  const prepared = new Map(Object.entries(STATEMENTS).map(([name, sql]) => [name, db.prepare(sql)]));
  const run = ({ name, params }: Write): WriteResult => {
    const statement = prepared.get(name)!;
    return statement.reader ? (statement.get(...params) as WriteResult) : statement.run(...params).changes;
  };
  // One transaction for the whole batch: one commit, so one fsync, however many writes.
  const commit = db.transaction((batch: readonly Write[]) =>
    batch.map((write): Outcome => {
      try {
        return { ok: true, value: run(write) };
      } catch (error) {
        // A full disk, an I/O error or a lack of memory can make SQLite roll the whole
        // transaction back. The writes after it would then each commit on their own, and
        // those before be lost, while every caller heard of a failure: the batch fails whole.
        if (!db.inTransaction) throw error;
        // This statement alone failed (a constraint); SQLite keeps the transaction.
        return failure(error);
      }
    }),
  );
  return (batch) => {
    try {
      return commit(batch);
    } catch (error) {
      // The transaction itself failed (a full disk, a lock held past busy_timeout): all of it.
      return batch.map(() => failure(error));
    }
  };
}

const failure = (error: unknown): Outcome => {
  const { message, code } = error as { message: string; code?: string };
  return { ok: false, message, code };
};

/** Turns a failed outcome back into an Error for the caller that queued the write. */
export function outcomeError(outcome: Extract<Outcome, { ok: false }>): Error {
  return Object.assign(new Error(outcome.message), outcome.code ? { code: outcome.code } : {});
}
