import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStores } from './sqlite/index.js';
import { createRedisClient, waitForRedis } from './redis/client.js';
import { createRedisEphemeralStore } from './redis/ephemeral.js';
import { TEST_REDIS_URL } from '../testing/services.js';
import { scaledTestWorld, type ScaledTestWorld } from '../testing/scaled-stores.js';
import { ageRedisKeys } from '../testing/redis-clock.js';
import { CLIENT_TOKEN_GRACE_MS, type ClientToken, type Stores } from './types.js';
import { sampleSession, sampleToken } from '../testing/store-fixtures.js';

/**
 * One contract for the short-lived records, run against each family: what the routes
 * rely on (single use, replay refusal, expiry by the caller's clock) holds in both.
 */
const NOW = Date.now();
const token = (over: Partial<ClientToken> = {}) => sampleToken(NOW, over);
const session = (id: string, expiresAt?: number) => sampleSession(id, NOW, expiresAt);
const unique = () => randomBytes(8).toString('hex');
/** the client address an exchange spends a token from */
const SPENDER = '198.51.100.7';

/**
 * A fresh store of one family: `close` closes it and drops what it made; `elapse` lets time
 * pass where the family keeps a clock of its own (Redis's TTLs; SQLite has none).
 */
type Open = () => Promise<{ stores: Stores; close(): Promise<void>; elapse(ms: number): Promise<void> }>;

const openScaled: Open = async () => {
  const world = await scaledTestWorld();
  return {
    stores: await world.open(),
    close: () => world.close(),
    elapse: (ms) => ageRedisKeys(TEST_REDIS_URL, world.options.redisKeyPrefix, ms),
  };
};

const families: { name: string; open: Open }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const stores = createSqliteStores(':memory:', randomBytes(32));
      return { stores, close: () => stores.close(), elapse: async () => {} };
    },
  },
  { name: 'Redis + PostgreSQL', open: openScaled },
];

describe.each(families)('ephemeral store: $name', ({ open }) => {
  let stores: Stores;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ stores, close } = await open());
  });
  afterAll(() => close());

  it('hands a client token out once, to exactly one of many concurrent callers', async () => {
    const hash = unique();
    await stores.ephemeral.putClientToken(hash, token());
    const results = await Promise.all(Array.from({ length: 30 }, () => stores.ephemeral.consumeClientToken(hash, NOW, SPENDER)));
    expect(results.filter(Boolean)).toEqual([token()]);
    expect(await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER)).toBeNull();
  });

  it('returns an expired token to its one consumer, who refuses it by the clock', async () => {
    const hash = unique();
    await stores.ephemeral.putClientToken(hash, token({ expiresAt: NOW - 1 }));
    expect(await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER)).toMatchObject({ expiresAt: NOW - 1 });
    expect(await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER)).toBeNull();
  });

  it('knows nothing of a token never minted', async () => {
    const hash = unique();
    expect(await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER)).toBeNull();
    expect(await stores.ephemeral.spentClientToken(hash)).toBeNull();
  });

  it('names the merchant and card of a spent token and the address that spent it, for its next presentation', async () => {
    const hash = unique();
    await stores.ephemeral.putClientToken(hash, token());
    expect(await stores.ephemeral.spentClientToken(hash)).toBeNull(); // not spent yet
    await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER);
    // a later presentation, from wherever, changes nothing of the record
    expect(await stores.ephemeral.consumeClientToken(hash, NOW + 1, '203.0.113.9')).toBeNull();
    expect(await stores.ephemeral.spentClientToken(hash)).toEqual({
      merchantId: token().merchantId,
      cardId: token().cardId,
      spentBy: SPENDER,
    });
  });

  it('accepts a nonce once per scope, even twice at the same moment', async () => {
    const n = unique();
    const results = await Promise.all([
      stores.ephemeral.rememberNonce('merchant', n, NOW + 600_000),
      stores.ephemeral.rememberNonce('merchant', n, NOW + 600_000),
      stores.ephemeral.rememberNonce('display', n, NOW + 600_000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(2);
    expect(results[2]).toBe(true);
    expect(await stores.ephemeral.rememberNonce('merchant', n, NOW + 600_000)).toBe(false);
  });

  it('keeps an Access-Token with the API key that bought it, until its expiry by the caller’s clock', async () => {
    const hash = unique();
    const grant = { merchantId: 'mch_9', apiKey: 'ak_9', expiresAt: NOW + 1000 };
    await stores.ephemeral.putAccessToken(hash, grant);
    expect(await stores.ephemeral.getAccessToken(hash, NOW)).toEqual(grant);
    expect(await stores.ephemeral.getAccessToken(hash, NOW + 1000)).toBeNull();
    expect(await stores.ephemeral.getAccessToken(unique(), NOW)).toBeNull();
  });

  it('names no API key for an Access-Token issued before keys were kept with it', async () => {
    const hash = unique();
    const grant = { merchantId: 'mch_9', apiKey: null, expiresAt: NOW + 1000 };
    await stores.ephemeral.putAccessToken(hash, grant);
    expect(await stores.ephemeral.getAccessToken(hash, NOW)).toEqual(grant);
  });

  it('keeps a session until its expiry by the caller’s clock', async () => {
    const id = `ses_${unique()}`;
    await stores.ephemeral.putSession(session(id, NOW + 5000));
    expect(await stores.ephemeral.getSession(id, NOW)).toEqual(session(id, NOW + 5000));
    expect(await stores.ephemeral.getSession(id, NOW + 5000)).toBeNull();
  });

  it('purges without losing what is still valid', async () => {
    const id = `ses_${unique()}`;
    await stores.ephemeral.putSession(session(id));
    await stores.ephemeral.purgeExpired(NOW + 1000);
    expect(await stores.ephemeral.getSession(id, NOW + 1000)).toMatchObject({ id });
  });

  it('answers ready', async () => {
    expect(await stores.ready()).toBe(true);
  });
});

/**
 * A token presented long after its expiry reads the same on both families for a day
 * (CLIENT_TOKEN_GRACE_MS): the route audits it under its merchant and card, and alerts when
 * another address spent it. Time passes by the stores' clocks: the `now` they are given, the
 * purge run at it, and Redis's own TTLs aged to match.
 */
describe.each(families)('a late presentation: $name', ({ open }) => {
  const MINUTE = 60_000;
  let stores: Stores;
  let close: () => Promise<void>;
  let elapse: (ms: number) => Promise<void>;
  let now: number;
  beforeAll(async () => {
    ({ stores, close, elapse } = await open());
  });
  beforeEach(() => {
    now = NOW;
  });
  afterAll(() => close());

  /** Moves every clock to `at`, and purges there as the server's minute timer would. */
  const travelTo = async (at: number) => {
    await elapse(at - now);
    now = at;
    await stores.ephemeral.purgeExpired(at);
  };

  it('names the merchant, card and spender of a spent token for a day past its expiry, then forgets it', async () => {
    const hash = unique();
    await stores.ephemeral.putClientToken(hash, token());
    expect(await stores.ephemeral.consumeClientToken(hash, now, SPENDER)).toEqual(token());
    for (const late of [5 * MINUTE, 20 * MINUTE, 23 * 60 * MINUTE]) {
      await travelTo(token().expiresAt + late);
      expect(await stores.ephemeral.consumeClientToken(hash, now, '203.0.113.9'), `${late} ms late`).toBeNull();
      expect(await stores.ephemeral.spentClientToken(hash), `${late} ms late`).toEqual({
        merchantId: token().merchantId,
        cardId: token().cardId,
        spentBy: SPENDER,
      });
    }
    await travelTo(token().expiresAt + CLIENT_TOKEN_GRACE_MS + 20 * MINUTE);
    expect(await stores.ephemeral.spentClientToken(hash)).toBeNull();
  });

  it('hands a token never presented to its first presentation a day late, for the route to refuse by the clock', async () => {
    const hash = unique();
    await stores.ephemeral.putClientToken(hash, token());
    await travelTo(token().expiresAt + 23 * 60 * MINUTE);
    expect(await stores.ephemeral.consumeClientToken(hash, now, SPENDER)).toEqual(token());
    expect(await stores.ephemeral.consumeClientToken(hash, now, '203.0.113.9')).toBeNull();
    expect(await stores.ephemeral.spentClientToken(hash)).toEqual({
      merchantId: token().merchantId,
      cardId: token().cardId,
      spentBy: SPENDER,
    });
  });
});

describe('scaled out: the spent-token ledger behind Redis', () => {
  let stores: Stores;
  let raw: Redis;
  let world: ScaledTestWorld;
  beforeAll(async () => {
    world = await scaledTestWorld();
    stores = await world.open();
    raw = createRedisClient(TEST_REDIS_URL, world.options.redisKeyPrefix, { down: () => {}, up: () => {} });
    await waitForRedis(raw, TEST_REDIS_URL, 5000);
  });
  afterAll(async () => {
    raw.disconnect();
    await world.close();
  });

  it('refuses a spent token that reappears in Redis (a snapshot restored after the spend)', async () => {
    const hash = unique();
    await stores.ephemeral.putClientToken(hash, token());
    const snapshot = await raw.get(`client:${hash}`);
    expect(snapshot).not.toBeNull(); // the record this test restores is where it looks
    expect(await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER)).toEqual(token());
    // Redis rolls back: the record is there again, as if never consumed
    await raw.set(`client:${hash}`, snapshot!);
    expect(await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER)).toBeNull();
  });

  it('keeps nothing of a token in Redis but its hash-named record, and once spent only whose it was and who spent it', async () => {
    const hash = unique();
    await stores.ephemeral.putClientToken(hash, token());
    // unspent, the record lasts a day past the token's expiry, as SQLite's row
    expect(await raw.pttl(`client:${hash}`)).toBeGreaterThan(CLIENT_TOKEN_GRACE_MS);
    await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER);
    expect(JSON.parse((await raw.get(`client:${hash}`))!)).toEqual({
      merchantId: token().merchantId,
      cardId: token().cardId,
      spentBy: SPENDER,
    });
    // the tombstone lasts only to the token's expiry and a minute: the ledger answers after that
    const tombstone = await raw.pttl(`client:${hash}`);
    expect(tombstone).toBeGreaterThan(0);
    expect(tombstone).toBeLessThanOrEqual(token().expiresAt - NOW + 60_000);
  });

  it('reads an Access-Token record written before keys were kept with it as naming no key', async () => {
    const hash = unique();
    await raw.set(`access:${hash}`, JSON.stringify({ merchantId: 'mch_9', expiresAt: NOW + 1000 }), 'PX', 60_000);
    expect(await stores.ephemeral.getAccessToken(hash, NOW)).toEqual({
      merchantId: 'mch_9',
      apiKey: null,
      expiresAt: NOW + 1000,
    });
  });

  it('names the spender to a presentation that lost the race, before the ledger has the spend', async () => {
    const hash = unique();
    await stores.ephemeral.putClientToken(hash, token());
    // the winner's step in Redis alone, as when its ledger insert is still on its way
    const redisOnly = createRedisEphemeralStore(raw);
    expect(await redisOnly.consumeClientToken(hash, NOW, SPENDER)).toEqual(token());
    expect(await stores.ephemeral.consumeClientToken(hash, NOW, '203.0.113.9')).toBeNull();
    expect(await stores.ephemeral.spentClientToken(hash)).toEqual({
      merchantId: token().merchantId,
      cardId: token().cardId,
      spentBy: SPENDER,
    });
  });
});
