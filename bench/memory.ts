import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createSqliteStores } from '../src/server/stores/sqlite/index.js';
import { CLIENT_TOKEN_GRACE_MS } from '../src/server/stores/types.js';

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

/** A count query with its parameters. */
type Count = (sql: string, ...params: unknown[]) => number;

/** Runs `read` on a read-only connection (the server may still be running: WAL allows it). */
function readOnly<T>(dbFile: string, read: (n: Count) => T): T {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return read(
      (sql, ...params) =>
        db
          .prepare(sql)
          .pluck()
          .get(...params) as number,
    );
  } finally {
    db.close();
  }
}

/** Row counts of the tables the purge touches, and of the audit log it must not. */
export function rowCounts(dbFile: string): RowCounts {
  return readOnly(dbFile, (n) => ({
    sessions: n('SELECT count(*) FROM sessions'),
    nonces: n('SELECT count(*) FROM nonces'),
    client_tokens: n('SELECT count(*) FROM client_tokens'),
    client_tokens_used: n('SELECT count(*) FROM client_tokens WHERE used_at IS NOT NULL'),
    access_tokens: n('SELECT count(*) FROM access_tokens'),
    audit_log: n('SELECT count(*) FROM audit_log'),
  }));
}

/** The tables with an expiry, and how long past it a row is kept (client tokens: for a late presentation's audit). */
const EXPIRING = { sessions: 0, nonces: 0, access_tokens: 0, client_tokens: CLIENT_TOKEN_GRACE_MS } as const;
type ExpiringTable = keyof typeof EXPIRING;
type PerTable = Record<ExpiringTable, number>;

/** Rows each purge at `now` must remove (past expiry and grace), and rows it must keep. */
function dueAndLive(n: Count, now: number): { due: PerTable; live: PerTable } {
  const each = (op: '<=' | '>') =>
    Object.fromEntries(
      Object.entries(EXPIRING).map(([t, grace]) => [t, n(`SELECT count(*) FROM ${t} WHERE expires_at ${op} ?`, now - grace)]),
    ) as PerTable;
  return { due: each('<='), live: each('>') };
}

/** src/server/server.ts purges every 60 s; a tick may run a little late under load. */
const SERVER_PURGE_EVERY_MS = 60_000;
const LATE_TICK_MS = 10_000;

export interface ServerPurge {
  /** sessions the run opened (audit rows of exchanges that made one), and those the store still holds */
  sessionsOpened: number;
  sessionsHeld: number;
  /** rows past their expiry (and grace) by more than one purge interval: the server's own timer should have removed each */
  overdue: PerTable;
  /**
   * whether it did: nothing overdue, in a run that opened sessions. Only sessions (30 s in
   * the bench) expire within a run; nonces last 10 min, Access-Tokens 2 h, and client tokens
   * are kept 24 h past expiry, so their purge is the +25 h step's (purgeCheck) and the stores' tests'.
   */
  pass: boolean;
}

/** With the server still running: has its own timer been removing what expired during the run? */
export function serverPurgeCheck(dbFile: string, now = Date.now()): ServerPurge {
  return readOnly(dbFile, (n) => {
    const { due: overdue } = dueAndLive(n, now - SERVER_PURGE_EVERY_MS - LATE_TICK_MS);
    const sessionsOpened = n(`SELECT count(*) FROM audit_log WHERE action = 'exchange' AND session_id IS NOT NULL`);
    const sessionsHeld = n('SELECT count(*) FROM sessions');
    const pass = Object.values(overdue).every((v) => v === 0) && sessionsOpened > 0;
    return { sessionsOpened, sessionsHeld, overdue, pass };
  });
}

export interface PurgeCheck {
  before: RowCounts;
  /** the store's purgeExpired(now): what the server's own 60 s timer would remove right now */
  purgedAtNow: number;
  afterNow: RowCounts;
  /** per table, rows past expiry (and grace) and rows not, before and after purgeExpired(now) */
  dueAtNow: { before: PerTable; after: PerTable };
  liveAtNow: { before: PerTable; after: PerTable };
  /** purgeExpired(now + 25 h): past every TTL and the 24 h grace kept for used tokens */
  futureOffsetH: number;
  purgedAtFuture: number;
  afterFuture: RowCounts;
  /** every due row gone at now, every live row kept, and nothing but the audit log left at +25 h */
  pass: boolean;
}

/**
 * Calls the store's own purge (src/server/stores/sqlite) on the bench's database, first
 * with the real clock, then with a clock 25 h ahead, and counts rows around each call: a
 * purge that removed too little or too much fails it.
 */
export async function purgeCheck(dbFile: string, dataKeyHex: string): Promise<PurgeCheck> {
  const before = rowCounts(dbFile);
  const stores = createSqliteStores(dbFile, Buffer.from(dataKeyHex, 'hex'));
  try {
    const now = Date.now();
    const atNowBefore = readOnly(dbFile, (n) => dueAndLive(n, now));
    const purgedAtNow = await stores.ephemeral.purgeExpired(now);
    const atNowAfter = readOnly(dbFile, (n) => dueAndLive(n, now));
    const afterNow = rowCounts(dbFile);
    const futureOffsetH = 25;
    const purgedAtFuture = await stores.ephemeral.purgeExpired(now + futureOffsetH * 3600_000);
    const afterFuture = rowCounts(dbFile);
    const tables = Object.keys(EXPIRING) as ExpiringTable[];
    const pass =
      tables.every((t) => atNowAfter.due[t] === 0 && atNowAfter.live[t] === atNowBefore.live[t] && afterFuture[t] === 0) &&
      afterFuture.audit_log === before.audit_log;
    return {
      before,
      purgedAtNow,
      afterNow,
      dueAtNow: { before: atNowBefore.due, after: atNowAfter.due },
      liveAtNow: { before: atNowBefore.live, after: atNowAfter.live },
      futureOffsetH,
      purgedAtFuture,
      afterFuture,
      pass,
    };
  } finally {
    await stores.close();
  }
}
