import pg from 'pg';

const INT8_OID = 20;

/**
 * BIGINT columns hold Unix ms, amounts and audit ids: well inside 2^53. pg hands them
 * over as strings by default; these become numbers here, and a value a number cannot
 * hold exactly is refused rather than silently rounded.
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError('A BIGINT value is beyond the safe integer range');
  return n;
}

// Per pool, not pg.types.setTypeParser: that would change every other pg user in the process.
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format),
};

/**
 * How long a caller waits on PostgreSQL. A cardholder's request fails closed within README's
 * "1001 within about 2 s": it waits at most 1.5 s for a connection and 1.5 s for a statement's
 * answer, then gets an error (and the route a 1001, whose audit attempt then waits 0.5 s at
 * most: routes/display-sessions.ts), instead of hanging while PostgreSQL is down, unreachable
 * or black-holed. An operator's admin command has no such budget: on a busy database it
 * waits its turn rather than failing after 1.5 s and leaving the operator to try again.
 */
export type Patience = 'request' | 'operator';

/** work no request waits for (the auditor's read, the purge): given this long, on both sides */
export const BACKGROUND_TIMEOUT_MS = 30_000;

const TIMEOUTS: Record<Patience, { connect: number; statement: number; query: number }> = {
  // the server cancels a statement running past `statement`, and the connection stays usable;
  // `query` is the client's own limit, for when no answer comes back at all (a cut network)
  request: { connect: 1_500, statement: 1_200, query: 1_500 },
  operator: { connect: 15_000, statement: BACKGROUND_TIMEOUT_MS, query: BACKGROUND_TIMEOUT_MS + 5_000 },
};

export function createPool(
  url: string,
  { onError, patience = 'request' }: { onError?: (err: Error) => void; patience?: Patience } = {},
): pg.Pool {
  const timeouts = TIMEOUTS[patience];
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: timeouts.connect,
    statement_timeout: timeouts.statement,
    query_timeout: timeouts.query,
    // a transaction left open by a stuck caller must not hold its locks
    idle_in_transaction_session_timeout: 10_000,
    // An idle connection whose peer vanished without a reset (a failover to a new address)
    // is probed after 10 s of silence, so the kernel drops it within minutes, not the default
    // two hours; the query timeout, not this, bounds what a request waits.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'cardveil',
    types,
  });
  // An idle client's connection can drop (PostgreSQL restarted, failover): the pool
  // discards that client and emits 'error', which without a listener ends the process.
  // Callers get the message only; the error never carries the URL or its password.
  pool.on('error', (err) => onError?.(err));
  return pool;
}

/**
 * Runs `work` in one transaction on one client. On failure the transaction is rolled back
 * and the client discarded, not returned to the pool with unknown session state.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no pool listener: a connection lost meanwhile would emit an
  // unhandled 'error'. The query in flight rejects on its own; this keeps the process up.
  const ignore = () => {};
  client.on('error', ignore);
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.off('error', ignore);
    client.release(failure);
  }
}

/**
 * One statement no request waits for, with BACKGROUND_TIMEOUT_MS instead of a request's
 * limits: SET LOCAL lifts statement_timeout for its own transaction only. pg reads
 * `query_timeout` from a query's config as well as the pool's (migrate.ts does the same).
 */
export async function backgroundQuery<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<R>> {
  return withTransaction(pool, async (client) => {
    await client.query(`SET LOCAL statement_timeout = ${BACKGROUND_TIMEOUT_MS}`);
    return client.query<R>({ text, values, query_timeout: BACKGROUND_TIMEOUT_MS } as pg.QueryConfig);
  });
}
