import type pg from 'pg';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { withTransaction } from './pool.js';
import { refuseNewerSchema } from '../types.js';

/** 'cardveil' in ASCII: the advisory lock every instance takes to migrate, one at a time. */
const MIGRATION_LOCK = '7161130658304452972';

/** Far longer than a request's limits (pool.ts): a migration may build an index, or wait for another instance's. */
const MIGRATION_TIMEOUT_MS = 120_000;

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
const step = (client: pg.PoolClient, text: string, values?: unknown[]) =>
  client.query({ text, values, query_timeout: MIGRATION_TIMEOUT_MS } as pg.QueryConfig);

/**
 * Brings the schema up to date. Several instances may start at once against one database:
 * each transaction first takes a transaction-scoped advisory lock, so they queue, and the
 * version check is made under the lock: a migration another instance applied meanwhile is
 * skipped. The lock goes with the COMMIT or ROLLBACK, also when a connection dies.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  const locked = async (client: pg.PoolClient) => {
    await step(client, `SET LOCAL statement_timeout = ${MIGRATION_TIMEOUT_MS}`);
    await step(client, 'SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
    // after the advisory lock, which may rightly wait out another instance's whole migration
    await step(client, `SET LOCAL lock_timeout = ${LOCK_WAIT_MS}`);
  };
  // Under the lock too: CREATE TABLE IF NOT EXISTS is not safe against a concurrent one.
  const newest = await withTransaction(pool, async (client) => {
    await locked(client);
    await step(
      client,
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const { rows } = await step(client, 'SELECT max(version) AS newest FROM schema_migrations');
    const newest = (rows[0] as { newest: number | null }).newest ?? 0;
    refuseNewerSchema(newest, POSTGRES_MIGRATIONS.at(-1)!.version);
    return newest;
  });
  // Applied in version order, each in its own transaction: what is at or below `newest` is in.
  for (const m of POSTGRES_MIGRATIONS.filter((m) => m.version > newest)) {
    await retryOnLockTimeout(() =>
      withTransaction(pool, async (client) => {
        await locked(client);
        const applied = await step(client, 'SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
        if (applied.rowCount) return;
        await step(client, m.sql);
        await step(client, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          Date.now(),
        ]);
      }),
    );
  }
}

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
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_PAUSE_MS));
    }
  }
}
