import type pg from 'pg';
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations.js';
import { refuseNewerSchema } from '../types.js';

/** 'cardveil' in ASCII: the advisory lock every instance takes to migrate, one at a time. */
const MIGRATION_LOCK = '7161130658304452972';

/** Far longer than a request's limits (pool.ts): a migration may build an index, or wait for another instance's. */
const MIGRATION_TIMEOUT_MS = 120_000;

/**
 * A concurrent index build over a table that only grows (the audit log): writers go on while
 * it runs, and the instance's start waits for it, as do the other instances' starts, for the
 * lock. A build cut short starts over from nothing at the next start, so it gets long enough
 * to end on a log of many millions of rows.
 */
const INDEX_BUILD_TIMEOUT_MS = 30 * 60_000;

/** How often an instance asks for the lock another one holds. */
const LOCK_POLL_MS = 100;

/**
 * How long a migration's statement waits for a table's lock. An ALTER TABLE waits behind any
 * open reader of the table (an auditor's 30 s read of audit_log), and while it waits, every
 * request that writes that table queues behind it: so it gives up soon, lets them through,
 * and tries again, for as long as MIGRATION_TIMEOUT_MS.
 */
const LOCK_WAIT_MS = 500;
const LOCK_RETRY_PAUSE_MS = 500;

// pg reads `query_timeout` from a query's config as well as the pool's (pg/lib/client.js);
// @types/pg does not declare it there. Without values, pg sends the simple protocol, which
// a migration's several statements need.
const step = (client: pg.PoolClient, text: string, values?: unknown[], timeoutMs = MIGRATION_TIMEOUT_MS) =>
  client.query({ text, values, query_timeout: timeoutMs } as pg.QueryConfig);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Brings the schema up to date. Several instances may start at once against one database:
 * they take turns on one session-level advisory lock, and the one holding it reads which
 * versions are applied and applies the rest, each in its own transaction (or, for a
 * concurrent index build, outside any). An instance that waited finds them applied.
 *
 * The lock is asked for again and again rather than waited on: CREATE INDEX CONCURRENTLY
 * waits for every transaction older than itself to end, and a statement blocked on the lock
 * would be one of them, waiting in turn for the build: a deadlock.
 *
 * All of it runs on a connection of its own, closed at the end rather than returned to the
 * pool, so its lock and session settings go with it whatever failed.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  // a connection lost meanwhile would emit an unhandled 'error': the query in flight rejects on its own
  const ignore = () => {};
  client.on('error', ignore);
  try {
    await step(client, `SET statement_timeout = ${INDEX_BUILD_TIMEOUT_MS}`);
    await takeLock(client);
    await step(
      client,
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const { rows } = await step(client, 'SELECT max(version) AS newest FROM schema_migrations');
    const newest = (rows[0] as { newest: number | null }).newest ?? 0;
    refuseNewerSchema(newest, POSTGRES_MIGRATIONS.at(-1)!.version);
    // in version order: what is at or below `newest` is in
    for (const m of POSTGRES_MIGRATIONS.filter((m) => m.version > newest)) {
      if ('statements' in m) {
        for (const sql of m.statements) await step(client, sql, undefined, INDEX_BUILD_TIMEOUT_MS);
        await recordApplied(client, m);
      } else {
        await retryOnLockTimeout(() => applyInTransaction(client, m));
      }
    }
  } finally {
    client.off('error', ignore);
    client.release(true);
  }
}

/** The migration lock, asked for every LOCK_POLL_MS while another instance holds it (see migrate). */
async function takeLock(client: pg.PoolClient): Promise<void> {
  const deadline = Date.now() + INDEX_BUILD_TIMEOUT_MS;
  for (;;) {
    const { rows } = await step(client, 'SELECT pg_try_advisory_lock($1::bigint) AS locked', [MIGRATION_LOCK]);
    if ((rows[0] as { locked: boolean }).locked) return;
    if (Date.now() > deadline) throw new Error('Another instance held the migration lock for too long');
    await pause(LOCK_POLL_MS);
  }
}

async function applyInTransaction(client: pg.PoolClient, m: PostgresMigration & { sql: string }): Promise<void> {
  await step(client, 'BEGIN');
  try {
    await step(client, `SET LOCAL statement_timeout = ${MIGRATION_TIMEOUT_MS}`);
    await step(client, `SET LOCAL lock_timeout = ${LOCK_WAIT_MS}`);
    await step(client, m.sql);
    await recordApplied(client, m);
    await step(client, 'COMMIT');
  } catch (err) {
    await step(client, 'ROLLBACK').catch(() => {});
    throw err;
  }
}

const recordApplied = (client: pg.PoolClient, m: PostgresMigration) =>
  step(client, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);

/** PostgreSQL's lock_not_available: lock_timeout ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Runs a migration's transaction again while a table's lock stays out of reach, up to MIGRATION_TIMEOUT_MS. */
async function retryOnLockTimeout(apply: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + MIGRATION_TIMEOUT_MS;
  for (;;) {
    try {
      return await apply();
    } catch (err) {
      if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE || Date.now() > deadline) throw err;
      await pause(LOCK_RETRY_PAUSE_MS);
    }
  }
}
