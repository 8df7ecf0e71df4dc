import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../testing/services.js';
import { tcpProxy, type TcpProxy } from '../testing/tcp-proxy.js';
import { openDurableStores } from './open.js';
import { createPostgresStores } from './postgres/index.js';

/**
 * A busy PostgreSQL: each new connection's handshake waits 2.5 s for an answer, longer than
 * a cardholder's request may wait (pool.ts). The server's stores fail closed; the admin
 * CLI's open anyway, for an operator's command has no request budget to keep.
 */
const HANDSHAKE_DELAY_MS = 2_500;

let database: TestDatabase;
let busy: TcpProxy;

beforeAll(async () => {
  database = await createTestDatabase();
  busy = await tcpProxy(database.url, { openDelayMs: HANDSHAKE_DELAY_MS });
});

afterAll(async () => {
  await busy?.close();
  await database?.drop();
});

describe('PostgreSQL slow to accept a connection', () => {
  it('the server’s stores give up within a request’s budget', async () => {
    await expect(createPostgresStores(busy.url, randomBytes(32))).rejects.toThrow(/timeout/i);
  });

  it('the admin CLI’s stores wait their turn and work', async () => {
    const key = randomBytes(32).toString('hex');
    const stores = await openDurableStores(
      loadConfig({ REDIS_URL: TEST_REDIS_URL, DATABASE_URL: busy.url, CARDVEIL_DATA_KEY: key }),
    );
    try {
      expect(await stores.merchants.get('mer_none')).toBeNull();
    } finally {
      await stores.close();
    }
  });
});
