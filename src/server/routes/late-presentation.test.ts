import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createHarness, exchangeRequest, mintToken, type Harness } from '../testing/harness.js';
import { scaledTestWorld } from '../testing/scaled-stores.js';
import { TEST_REDIS_URL } from '../testing/services.js';
import { ageRedisKeys } from '../testing/redis-clock.js';
import { SPENT_ELSEWHERE } from './display-sessions.js';

/**
 * A token presented long after its expiry answers 1014 on both store families, and for a
 * day (CLIENT_TOKEN_GRACE_MS) its audit row names its merchant and card, and another
 * address than the spender's raises the alert. Time passes by the harness clock, the purge
 * run at it, and (scaled out) Redis's TTLs aged to match.
 */
const families: { name: string; open(): Promise<{ h: Harness; elapse(ms: number): Promise<void> }> }[] = [
  { name: 'SQLite', open: async () => ({ h: await createHarness(), elapse: async () => {} }) },
  {
    name: 'Redis + PostgreSQL',
    async open() {
      const world = await scaledTestWorld();
      const h = await createHarness({}, { stores: await world.open() });
      return {
        h: { ...h, close: () => h.close().then(() => world.close()) },
        elapse: (ms) => ageRedisKeys(TEST_REDIS_URL, world.options.redisKeyPrefix, ms),
      };
    },
  },
];

const MINUTE = 60_000;
const FRAME = '127.0.0.1'; // inject's default address
const THIEF = '203.0.113.9';

describe.each(families)('a token presented after its expiry: $name', ({ open }) => {
  let h: Harness;
  let elapse: (ms: number) => Promise<void>;
  let logged: FastifyInstance;
  const lines: string[] = [];
  beforeAll(async () => {
    ({ h, elapse } = await open());
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    logged = await buildApp({ config: { ...h.config, LOG_LEVEL: 'info' }, stores: h.stores, now: () => h.clock.now, logStream });
  });
  afterAll(async () => {
    await logged?.close();
    await h?.close();
  });

  const present = async (token: string, remoteAddress: string) =>
    (await logged.inject({ ...exchangeRequest(h, { client_access_token: token }), remoteAddress })).json().code as number;
  const lastExchange = async () => (await h.stores.audit.list({})).filter((e) => e.action === 'exchange').at(-1);
  const alerts = () =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((e) => e.alert === SPENT_ELSEWHERE);
  /** Lets `ms` pass on every clock, and purges then, as the server's minute timer would. */
  const wait = async (ms: number) => {
    h.clock.now += ms;
    await elapse(ms);
    await h.stores.ephemeral.purgeExpired(h.clock.now);
  };

  it('audits a spent token shown again 20 minutes late under its merchant and card, and alerts', async () => {
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan'], ttl_seconds: 60 });
    expect(await present(token, FRAME)).toBe(0);
    await wait(MINUTE + 20 * MINUTE);
    expect(await present(token, THIEF)).toBe(1014);
    expect(await lastExchange()).toMatchObject({
      outcome: 1014,
      merchantId: h.merchant.merchant_id,
      cardId: h.cards.virtual,
      ip: THIEF,
    });
    expect(alerts()).toEqual([expect.objectContaining({ card_id: h.cards.virtual, spent_by: FRAME, ip: THIEF })]);
  });

  it('audits a token never presented, first shown 23 hours late, under its merchant, card and fields', async () => {
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan', 'cvv'], ttl_seconds: 60 });
    await wait(MINUTE + 23 * 60 * MINUTE);
    expect(await present(token, THIEF)).toBe(1014);
    expect(await lastExchange()).toMatchObject({
      outcome: 1014,
      merchantId: h.merchant.merchant_id,
      cardId: h.cards.virtual,
      field: 'pan,cvv',
      ip: THIEF,
    });
  });
});
