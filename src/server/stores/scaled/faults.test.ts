import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../../shared/error-codes.js';
import { MERCHANT_ROUTES } from '../../../shared/merchant-signature.js';
import { createHarness, exchange, mint, mintToken, signedHeaders, type Harness } from '../../testing/harness.js';
import { Redis } from 'ioredis';
import { freePort, startPrivateRedis, type PrivateRedis } from '../../testing/services.js';
import { scaledTestWorld, type ScaledTestWorld } from '../../testing/scaled-stores.js';
import { createSqliteStores } from '../sqlite/index.js';
import { createRedisClient } from '../redis/client.js';
import { createScaledStores } from './index.js';

/**
 * The scaled-out stores fail closed and heal: with Redis or PostgreSQL gone, exchanges
 * answer 1001 in the caller's language, nothing is revealed, /healthz says not ready, and
 * service resumes on its own when the store is back. Redis here is the test's own
 * redis-server, killed outright mid-run; PostgreSQL is made to cut and refuse connections.
 */
let redis: PrivateRedis;
let world: ScaledTestWorld;
let h: Harness;

beforeAll(async () => {
  redis = await startPrivateRedis();
  world = await scaledTestWorld(redis.url);
  // rate limits on: their counters are in Redis too, and must fail closed with it
  h = await createHarness({ RATE_LIMITS: 'on', EXCHANGES_PER_CARD_PER_MINUTE: '1000' }, { stores: await world.open() });
});

afterAll(async () => {
  await h?.close();
  await world?.close();
  await redis?.close();
});

const health = async () => (await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode;

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 150; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within 15 s`);
}

/** Outcomes of the exchanges audited after the first `skip` ones. */
async function exchangeOutcomes(skip = 0) {
  const rows = await h.stores.audit.list({});
  return rows
    .filter((r) => r.action === 'exchange')
    .map((r) => r.outcome)
    .slice(skip);
}

/**
 * Brings a store back and waits until the shared harness serves again. Called in `finally`
 * by every test that takes a store down: however the test ends, the blocks after it find
 * the harness whole, so one failure stays one failure.
 */
async function heal(bringBack: () => Promise<void>) {
  await bringBack();
  await until(async () => (await health()) === 200, 'recovery');
}

describe('Redis stops mid-run', () => {
  it('fails closed with 1001, recovers by itself, and no token outlives the fault', async () => {
    const before = (await exchangeOutcomes()).length;
    expect((await exchange(h, { client_access_token: await mintToken(h) })).json().code).toBe(0);
    const pending = await mintToken(h);
    // a signed merchant request, captured by an attacker for replay after the fault
    const signed = {
      method: 'POST' as const,
      url: MERCHANT_ROUTES.accessToken,
      headers: signedHeaders(h, h.merchant, MERCHANT_ROUTES.accessToken),
    };
    expect((await h.app.inject(signed)).json().code).toBe(0);

    await redis.kill();
    try {
      const en = (await exchange(h, { client_access_token: pending })).json();
      expect(en).toEqual({ code: 1001, msg: errorMessage(1001, 'en_US') });
      const zh = (await exchange(h, { client_access_token: pending }, { Language: 'zh_CN' })).json();
      expect(zh).toEqual({ code: 1001, msg: errorMessage(1001, 'zh_CN') });
      expect(await health()).toBe(503);
      // the merchant side fails closed too: its Access-Tokens live in Redis
      expect((await mint(h, {}, 'mat_whatever')).json().code).toBe(1001);
    } finally {
      await heal(() => redis.start());
    }
    // Redis came back empty: the token minted before the fault is gone, not usable,
    // and the signed request's nonce, kept in PostgreSQL, is still refused
    expect((await exchange(h, { client_access_token: pending })).json().code).toBe(1014);
    expect((await h.app.inject(signed)).json().code).toBe(1017);
    expect((await exchange(h, { client_access_token: await mintToken(h) })).json().code).toBe(0);

    // every attempt is in the audit log, in order, the outage's refusals included
    expect(await exchangeOutcomes(before)).toEqual([0, 1001, 1001, 1014, 0]);
  });
});

describe('PostgreSQL becomes unreachable mid-run', () => {
  it('fails closed with 1001, spends the token it reached, and recovers by itself', async () => {
    const before = (await exchangeOutcomes()).length;
    const token = await mintToken(h);

    await world.database.setReachable(false);
    try {
      const res = (await exchange(h, { client_access_token: token }, { Language: 'zh_CN' })).json();
      expect(res).toEqual({ code: 1001, msg: errorMessage(1001, 'zh_CN') });
      expect(await health()).toBe(503);
    } finally {
      await heal(() => world.database.setReachable(true));
    }
    // Redis handed the token out before PostgreSQL failed: it stays spent
    expect((await exchange(h, { client_access_token: token })).json().code).toBe(1014);
    expect((await exchange(h, { client_access_token: await mintToken(h) })).json().code).toBe(0);
    // the outage's own attempt could not be audited (the audit log is in PostgreSQL); the rest is
    expect(await exchangeOutcomes(before)).toEqual([1014, 0]);
  });
});

describe('Redis demoted to a replica under a live connection, as a failover does', () => {
  it('fails closed, says not ready, redials, and serves again once the node is a primary', async () => {
    const stores = h.stores.rateLimitRedis!;
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    const token = await mintToken(h);
    const before = await stores.client('ID');
    // a primary nobody runs: the node serves reads and refuses every write, READONLY
    await admin.replicaof('127.0.0.1', String(await freePort()));
    try {
      expect((await exchange(h, { client_access_token: token })).json().code).toBe(1001);
      // the demoted node's connection is left for a new dial, which is how a failover's new primary is found
      const connected = async () => String(await admin.client('LIST')).split('\n');
      await until(async () => !(await connected()).some((c) => c.startsWith(`id=${before} `)), 'the connection dropped');
      // redialled to a node that still answers PING, which its check refuses (a replica): not ready
      expect(await health()).toBe(503);
    } finally {
      await heal(async () => {
        await admin.replicaof('NO', 'ONE');
      });
      admin.disconnect();
    }
    expect((await exchange(h, { client_access_token: await mintToken(h) })).json().code).toBe(0);
  });
});

describe('Redis that comes back from an outage configured to evict', () => {
  it('is dropped again, reported down with the reason, until it never evicts', async () => {
    const own = await scaledTestWorld(redis.url);
    const events: { state: string; error?: string }[] = [];
    const stores = await createScaledStores({ ...own.options, onStoreEvent: (e) => events.push(e) });
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      // every connection but this one dropped: the instance reconnects, and checks what it finds
      await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
      await until(async () => events.some((e) => /maxmemory-policy allkeys-lru/.test(e.error ?? '')), 'the policy reported');
      expect(events.filter((e) => e.state === 'up')).toEqual([]);
      // nothing but the check reaches it: the health check's write is refused
      expect(await stores.ready()).toBe(false);
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await until(async () => events.at(-1)?.state === 'up' && (await stores.ready()), 'ready again');
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      admin.disconnect();
      await stores.close();
      await own.close();
      // the harness's own connections were dropped too
      await heal(async () => {});
    }
  });
});

describe('a Redis server not yet checked', () => {
  it('is sent nothing but its check, though ioredis says it is ready', async () => {
    const evicting = await startPrivateRedis(['--maxmemory-policy', 'allkeys-lru']);
    const client = createRedisClient(evicting.url, 'unchecked:', { down: () => {}, up: () => {} });
    const admin = new Redis(evicting.url, { maxRetriesPerRequest: 0 });
    try {
      const attempt = await new Promise<string>((resolve) => {
        client.once('ready', () => {
          client.set('k', '1').then(
            () => resolve('written'),
            (err: Error) => resolve(err.message),
          );
        });
      });
      expect(attempt).toBe('Redis server not checked yet');
      expect(await admin.get('unchecked:k')).toBeNull();
    } finally {
      client.disconnect();
      admin.disconnect();
      await evicting.close();
    }
  });
});

describe('Redis configured to evict', () => {
  it('refuses to start: an evicted nonce would reopen a replay window', async () => {
    const evicting = await startPrivateRedis(['--maxmemory-policy', 'allkeys-lru']);
    const own = await scaledTestWorld(evicting.url);
    try {
      await expect(createScaledStores({ ...own.options, connectTimeoutMs: 3000 })).rejects.toThrow(
        'runs maxmemory-policy allkeys-lru; Cardveil needs noeviction',
      );
    } finally {
      await own.close();
      await evicting.close();
    }
  });
});

describe('the rate limiter’s Redis alone unreachable', () => {
  it('refuses the exchange with 1001 rather than letting it through uncounted', async () => {
    const stores = createSqliteStores(':memory:', randomBytes(32));
    // nothing listens on port 1: every counter update fails at once
    stores.rateLimitRedis = createRedisClient('redis://127.0.0.1:1', 'x:', { down: () => {}, up: () => {} });
    const limited = await createHarness({ RATE_LIMITS: 'on' }, { stores });
    try {
      const token = await mintToken(limited).catch((err: Error) => err.message);
      // minting is limited per IP through the same counters: refused too
      expect(token).toContain('"code":1001');
      const res = (await exchange(limited, { client_access_token: 'cat_never_minted' })).json();
      expect(res).toEqual({ code: 1001, msg: errorMessage(1001, 'en_US') });
    } finally {
      stores.rateLimitRedis.disconnect();
      await limited.close();
    }
  });
});

describe('a NUL in a request, which PostgreSQL cannot store', () => {
  it('is refused as a parameter (1004) on this family too, not answered as a fault (1001)', async () => {
    const before = (await exchangeOutcomes()).length;
    const origin = 'https://shop.example\u0000';
    expect((await mint(h, { card_id: 'card_\u0000x' })).json().code).toBe(1004);
    expect((await exchange(h, { client_access_token: 'cat_unknown', parent_origin: origin })).json().code).toBe(1004);
    const token = await mintToken(h);
    expect((await exchange(h, { client_access_token: token, parent_origin: origin })).json().code).toBe(1004);
    // refused before the token was touched: it still works, and its exchange is audited
    expect((await exchange(h, { client_access_token: token })).json().code).toBe(0);
    expect(await exchangeOutcomes(before)).toEqual([0]);
  });
});
