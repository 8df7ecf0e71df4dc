import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../../shared/error-codes.js';
import { createHarness, exchange, mintToken, type Harness } from '../../testing/harness.js';
import { createTestDatabase, testRedisPrefix, TEST_REDIS_URL, type TestDatabase } from '../../testing/services.js';
import { tcpProxy, type TcpProxy } from '../../testing/tcp-proxy.js';
import { createScaledStores } from './index.js';
import { createPool } from '../postgres/pool.js';

/**
 * PostgreSQL black-holed: a failover to a new address, a cut cable. Unlike a refused or
 * reset connection (faults.test.ts), nothing tells the pool: its warm connections stay
 * "open" and every byte sent on them goes unanswered. The exchange must still answer 1001,
 * within about 2 s by the pool's timeouts (README, docs/scale-out.md; the figures are pool.ts's,
 * checked below, not timed here). PostgreSQL is reached here through a proxy that can stop
 * passing bytes both ways without closing anything, as such a network would.
 */
let database: TestDatabase;
let hole: TcpProxy;
let h: Harness;

beforeAll(async () => {
  database = await createTestDatabase();
  hole = await tcpProxy(database.url);
  const stores = await createScaledStores({
    redisUrl: TEST_REDIS_URL,
    redisKeyPrefix: testRedisPrefix(),
    databaseUrl: hole.url,
    dataKey: randomBytes(32),
  });
  h = await createHarness({}, { stores });
});

afterAll(async () => {
  hole?.set(false);
  await h?.close();
  await hole?.close();
  await database?.drop();
});

describe('PostgreSQL black-holed under a warm pool', () => {
  // with no timeout of the pool's own, each exchange would wait for the kernel to give up on
  // the connection, minutes: past this test's time, which is how such a regression shows
  it('answers 1001, one exchange after another, and serves again once packets flow', async () => {
    // warm: several pooled connections open and idle, as under steady load
    const warm = await Promise.all(Array.from({ length: 4 }, () => mintToken(h, { card_id: h.cards.virtual, fields: ['pan'] })));
    expect(await Promise.all(warm.map(async (t) => (await exchange(h, { client_access_token: t })).json().code))).toEqual([
      0, 0, 0, 0,
    ]);
    const pending = await Promise.all([mintToken(h), mintToken(h)]);

    hole.set(true);
    try {
      // the first finds an idle connection gone silent; the second, another one or a new one that never opens
      for (const token of pending) {
        const res = await exchange(h, { client_access_token: token });
        expect(res.json()).toEqual({ code: 1001, msg: errorMessage(1001, 'en_US') });
      }
    } finally {
      hole.set(false);
    }
    // the connections that timed out were dropped; the pool serves again with fresh ones
    await expect
      .poll(async () => (await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode, { timeout: 10_000 })
      .toBe(200);
    expect((await exchange(h, { client_access_token: await mintToken(h) })).json().code).toBe(0);
  });
});

describe('the pool a request waits on', () => {
  it('gives up within the documented 1.5 s for a connection and 1.5 s for an answer, the server cancelling at 1.2 s', async () => {
    const pool = createPool('postgres://cardveil@127.0.0.1:1/none');
    try {
      expect(pool.options).toMatchObject({ connectionTimeoutMillis: 1_500, query_timeout: 1_500, statement_timeout: 1_200 });
    } finally {
      await pool.end();
    }
  });
});
