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
 * A pool that fails closed: a request waits at most ~2 s for a connection and ~5 s for a
 * statement, then gets an error (and the route a 1001), instead of hanging while
 * PostgreSQL is down or unreachable.
 */
export function createPool(url: string, onError?: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 2_000,
    // the server cancels a statement past this; query_timeout is the client's own limit
    // for when no answer comes back at all (a cut network), the connection then discarded
    statement_timeout: 5_000,
    query_timeout: 6_000,
    // a transaction left open by a stuck caller must not hold its locks
    idle_in_transaction_session_timeout: 10_000,
    keepAlive: true,
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
