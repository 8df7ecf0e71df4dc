import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStores } from './sqlite/index.js';
import { createRedisClient, waitForRedis } from './redis/client.js';
import { createRedisEphemeralStore } from './redis/ephemeral.js';
import { TEST_REDIS_URL } from '../testing/services.js';
import { scaledTestWorld, type ScaledTestWorld } from '../testing/scaled-stores.js';
import type { ClientToken, Stores } from './types.js';
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

/** Opens a fresh store of one family; the returned function closes it and drops what it made. */
type Open = () => Promise<[Stores, () => Promise<void>]>;

const openScaled: Open = async () => {
  const world = await scaledTestWorld();
  return [await world.open(), () => world.close()];
};

const families: { name: string; open: Open }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const stores = createSqliteStores(':memory:', randomBytes(32));
      return [stores, () => stores.close()];
    },
  },
  { name: 'Redis + PostgreSQL', open: openScaled },
];

describe.each(families)('ephemeral store: $name', ({ open }) => {
  let stores: Stores;
  let close: () => Promise<void>;
  beforeAll(async () => {
    [stores, close] = await open();
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

  it('keeps an Access-Token until its expiry by the caller’s clock', async () => {
    const hash = unique();
    await stores.ephemeral.putAccessToken(hash, 'mch_9', NOW + 1000);
    expect(await stores.ephemeral.getAccessToken(hash, NOW)).toBe('mch_9');
    expect(await stores.ephemeral.getAccessToken(hash, NOW + 1000)).toBeNull();
    expect(await stores.ephemeral.getAccessToken(unique(), NOW)).toBeNull();
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
    expect(await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER)).toEqual(token());
    // Redis rolls back: the record is there again, as if never consumed
    await raw.set(`client:${hash}`, snapshot!);
    expect(await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER)).toBeNull();
  });

  it('keeps nothing of a token in Redis but its hash-named record, and once spent only whose it was and who spent it', async () => {
    const hash = unique();
    await stores.ephemeral.putClientToken(hash, token());
    const ttl = await raw.pttl(`client:${hash}`);
    expect(ttl).toBeGreaterThan(0);
    await stores.ephemeral.consumeClientToken(hash, NOW, SPENDER);
    expect(JSON.parse((await raw.get(`client:${hash}`))!)).toEqual({
      merchantId: token().merchantId,
      cardId: token().cardId,
      spentBy: SPENDER,
    });
    // the tombstone lives no longer than the record would have
    expect(await raw.pttl(`client:${hash}`)).toBeLessThanOrEqual(ttl);
    expect(await raw.pttl(`client:${hash}`)).toBeGreaterThan(0);
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
