import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Redis and PostgreSQL for the scaled-out tests. The servers run on loopback, started by
 * `.ci/services start` (CI does, and the vitest global setup does when they are down);
 * each test file takes a fresh database and its own Redis key prefix, so files running
 * in parallel never see each other's rows, tokens or counters.
 */
export const TEST_REDIS_URL = process.env.CARDVEIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_DATABASE_URL =
  process.env.CARDVEIL_TEST_DATABASE_URL ?? 'postgres://cardveil:cardveil-ci@127.0.0.1:5432/cardveil';

export interface TestDatabase {
  url: string;
  /** cuts every connection to this database and refuses new ones, as an outage would; `true` ends it */
  setReachable(reachable: boolean): Promise<void>;
  drop(): Promise<void>;
}

async function asAdmin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

/** A new, empty database on the test server; `drop` removes it even with clients still connected. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cardveil_t_${randomBytes(6).toString('hex')}`;
  await asAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async setReachable(reachable) {
      await asAdmin(async (c) => {
        await c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${reachable}`);
        if (!reachable) await endOurBackends(c, name);
      });
    },
    drop: () => dropTestDatabase(url.toString()),
  };
}

/**
 * Ends the test role's own connections to a database. Not every connection: an autovacuum
 * worker there runs as the superuser, whom the test role may not signal (PostgreSQL refuses
 * the whole statement), and DROP DATABASE stops such a worker itself.
 */
async function endOurBackends(c: pg.Client, database: string): Promise<void> {
  await c.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()',
    [database],
  );
}

/**
 * Drops a database made by createTestDatabase, by its URL (for a run that spans processes),
 * even with clients still connected. Not WITH (FORCE): that fails outright when an
 * autovacuum worker happens to be in the database (endOurBackends), which a test that wrote
 * many rows can meet at its end.
 */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^cardveil_t_[0-9a-f]{12}$/.test(name)) throw new Error('not a test database');
  await asAdmin(async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) return;
    // no client can come back between the end of ours and the drop
    await c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await endOurBackends(c, name);
    // waits up to 5 s for the ended backends to exit, and stops an autovacuum worker
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
  });
}

/** A key prefix of its own for one test file's use of the shared Redis. */
export function testRedisPrefix(): string {
  return `cardveil-test:${randomBytes(6).toString('hex')}:`;
}

/** A server's store settings for a test database: the shared Redis under a key prefix of its own. */
export function scaledStoreEnv(database: TestDatabase): { REDIS_URL: string; REDIS_KEY_PREFIX: string; DATABASE_URL: string } {
  return { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: testRedisPrefix(), DATABASE_URL: database.url };
}

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own, which it may stop and start again on the same port. */
export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  /** kills the server outright (SIGKILL), as a crash or a cut network would */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** `config`: more redis-server arguments, e.g. ['--maxmemory-policy', 'allkeys-lru']. */
export async function startPrivateRedis(config: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cardveil-redis-'));
  let child: ChildProcess | null = null;

  const start = async () => {
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, ...config];
    child = spawn('redis-server', args, { stdio: 'ignore' });
    child.once('error', () => {}); // a missing binary shows as "did not start" below
    // ready once it accepts a connection
    for (let i = 0; i < 100; i++) {
      if (await accepts(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${port} did not start`);
  };
  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    kill,
    async close() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether something accepts a TCP connection there within a second. */
export function accepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, host);
  });
}

const reachable = (url: string) => accepts(Number(new URL(url).port), new URL(url).hostname);

/** Whether the test role can log in there: a PostgreSQL that answers may not have it yet. */
async function logsIn(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * Starts, through `.ci/services`, whichever of Redis and PostgreSQL is not answering, and
 * returns how to stop exactly those (never a server someone else started). A PostgreSQL that
 * answers but refuses the test role (Debian starts its cluster on install, without our role)
 * is prepared by the same script, which then leaves that server as it found it.
 */
export async function ensureTestServices(): Promise<(() => void) | undefined> {
  const down = [
    ...((await reachable(TEST_REDIS_URL)) ? [] : ['redis']),
    ...((await reachable(TEST_DATABASE_URL)) ? [] : ['postgres']),
  ];
  // only the server `.ci/services` manages (no URL of the developer's own), and only when it answers
  const unprepared = !process.env.CARDVEIL_TEST_DATABASE_URL && !down.includes('postgres') && !(await logsIn(TEST_DATABASE_URL));
  if (down.length === 0 && !unprepared) return undefined;
  try {
    execFileSync('.ci/services', ['start', ...down, ...(unprepared ? ['postgres'] : [])], { stdio: 'ignore' });
  } catch {
    // reported below with what to do
  }
  if (!(await reachable(TEST_REDIS_URL)) || !(await logsIn(TEST_DATABASE_URL))) {
    throw new Error(
      'The scaled-out tests need Redis and PostgreSQL on loopback, with the test role. Install them ' +
        '(apt-get install -y redis-server postgresql) and run `.ci/services start` as root, or point ' +
        'CARDVEIL_TEST_REDIS_URL and CARDVEIL_TEST_DATABASE_URL at running servers.',
    );
  }
  return down.length > 0 ? () => execFileSync('.ci/services', ['stop', ...down], { stdio: 'ignore' }) : undefined;
}
