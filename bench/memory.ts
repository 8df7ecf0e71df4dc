import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createSqliteStores } from '../src/server/stores/sqlite/index.js';

/** Resident set size of a process, from /proc/<pid>/status (kB → MiB). */
export function rssMiB(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round((kb('VmRSS') / 1024) * 10) / 10, hwm: Math.round((kb('VmHWM') / 1024) * 10) / 10 };
}

export interface RowCounts {
  sessions: number;
  nonces: number;
  client_tokens: number;
  client_tokens_used: number;
  access_tokens: number;
  audit_log: number;
}

/** Row counts, read through a read-only connection (the server may still be running: WAL allows it). */
export function rowCounts(dbFile: string): RowCounts {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      sessions: n('SELECT count(*) FROM sessions'),
      nonces: n('SELECT count(*) FROM nonces'),
      client_tokens: n('SELECT count(*) FROM client_tokens'),
      client_tokens_used: n('SELECT count(*) FROM client_tokens WHERE used_at IS NOT NULL'),
      access_tokens: n('SELECT count(*) FROM access_tokens'),
      audit_log: n('SELECT count(*) FROM audit_log'),
    };
  } finally {
    db.close();
  }
}

export interface PurgeCheck {
  before: RowCounts;
  /** the store's purgeExpired(now): what the server's own 60 s timer would remove right now */
  purgedAtNow: number;
  afterNow: RowCounts;
  /** purgeExpired(now + 25 h): past every TTL and the 24 h grace kept for used tokens */
  futureOffsetH: number;
  purgedAtFuture: number;
  afterFuture: RowCounts;
}

/**
 * Calls the store's own purge (src/server/stores/sqlite) on the bench's database, first
 * with the real clock, then with a clock 25 h ahead, and counts rows around each call.
 */
export async function purgeCheck(dbFile: string, dataKeyHex: string): Promise<PurgeCheck> {
  const before = rowCounts(dbFile);
  const stores = createSqliteStores(dbFile, Buffer.from(dataKeyHex, 'hex'));
  try {
    const now = Date.now();
    const purgedAtNow = await stores.ephemeral.purgeExpired(now);
    const afterNow = rowCounts(dbFile);
    const futureOffsetH = 25;
    const purgedAtFuture = await stores.ephemeral.purgeExpired(now + futureOffsetH * 3600_000);
    return { before, purgedAtNow, afterNow, futureOffsetH, purgedAtFuture, afterFuture: rowCounts(dbFile) };
  } finally {
    await stores.close();
  }
}
