import type { Redis } from 'ioredis';
import {
  CLIENT_TOKEN_GRACE_MS,
  CLIENT_TOKEN_MAX_TTL_SECONDS,
  NONCE_SCOPES,
  SpendNotRecorded,
  StoreRefusal,
  type ClientToken,
  type EphemeralStore,
  type Stores,
} from '../types.js';
import { closeRedis, createRedisClient, waitForRedis } from '../redis/client.js';
import { redactUrl } from '../redact-url.js';
import { singleFlight } from '../single-flight.js';
import { createRedisEphemeralStore } from '../redis/ephemeral.js';
import { createPostgresStores, type PostgresStores } from '../postgres/index.js';

export interface ScaledStoreOptions {
  redisUrl: string;
  /** namespaces every key, so environments (or test files) can share one Redis */
  redisKeyPrefix: string;
  databaseUrl: string;
  dataKey: Buffer;
  /** how long start-up waits for both stores before giving up */
  connectTimeoutMs?: number;
  /** store outages and recoveries, for the log; never given a URL's credentials */
  onStoreEvent?: (e: { store: 'redis' | 'postgres'; state: 'down' | 'up'; error?: string }) => void;
}

/**
 * How far instances' clocks may disagree. What one instance recorded with its clock is
 * purged by another's (any instance purges), so durable records are kept this much longer.
 */
const CLOCK_SKEW_MS = 300_000;

/**
 * A spent token's row is kept until a day past the token's expiry (CLIENT_TOKEN_GRACE_MS, as
 * SQLite keeps its rows): spent at or after minting, it expires at most
 * CLIENT_TOKEN_MAX_TTL_SECONDS later, and instances' clocks may disagree. It so outlives the
 * Redis record too, which a restore could bring back: that record is refused here, always.
 */
const SPENT_TOKEN_RETENTION_MS = CLIENT_TOKEN_GRACE_MS + CLIENT_TOKEN_MAX_TTL_SECONDS * 1000 + CLOCK_SKEW_MS;

/**
 * The scaled-out family (DESIGN §1): Redis holds what is short-lived and shared by every
 * instance (tokens, nonces, sessions, rate-limit counters); PostgreSQL holds what must
 * last (merchants, API keys, cards sealed at rest, transactions, the audit log).
 */
export async function createScaledStores(opts: ScaledStoreOptions): Promise<Stores & { rateLimitRedis: Redis }> {
  const report = opts.onStoreEvent ?? (() => {});
  const timeout = opts.connectTimeoutMs ?? 10_000;
  const redis = createRedisClient(opts.redisUrl, opts.redisKeyPrefix, {
    down: (err) => report({ store: 'redis', state: 'down', error: err.message }),
    up: () => report({ store: 'redis', state: 'up' }),
  });
  // PostgreSQL says it is down through an idle connection's error or a failed health
  // check, and back through the next health check that passes: one report per change.
  let postgresDown = false;
  const postgresFailed = (error: string) => {
    if (!postgresDown) report({ store: 'postgres', state: 'down', error });
    postgresDown = true;
  };
  const postgresAnswered = () => {
    if (postgresDown) report({ store: 'postgres', state: 'up' });
    postgresDown = false;
  };
  try {
    const deadline = Date.now() + timeout;
    await waitForRedis(redis, opts.redisUrl, timeout);
    // Instances often start together with their database: keep trying until the deadline.
    const durable = await retryUntil(deadline, () =>
      createPostgresStores(opts.databaseUrl, opts.dataKey, {
        onError: (err) => postgresFailed(err.message),
      }),
    ).catch((err: Error) => {
      throw new Error(`PostgreSQL at ${redactUrl(opts.databaseUrl)}: ${err.message}`, { cause: err });
    });
    return {
      merchants: durable.merchants,
      cards: durable.cards,
      audit: durable.audit,
      transactions: durable.transactions,
      ephemeral: withDurableBackstops(createRedisEphemeralStore(redis), durable),
      rateLimitRedis: redis,
      // /healthz is open to anyone: however many ask at once, one check is in flight, so a
      // flood of it holds one pooled connection at most, never the exchanges' whole pool.
      ready: singleFlight(async () => {
        // A write, not PING: a node a failover demoted to replica still answers PING, and
        // refuses every write.
        const [written, db] = await Promise.all([
          redis.set(HEALTH_KEY, '1', 'PX', 10_000).then(
            () => true,
            () => false,
          ),
          durable.ready(),
        ]);
        if (db) postgresAnswered();
        else postgresFailed('no answer to a health check');
        return written && db;
      }),
      async close() {
        await Promise.allSettled([closeRedis(redis), durable.close()]);
      },
    };
  } catch (err) {
    redis.disconnect();
    throw err;
  }
}

/** Redis's health check writes here (under the instance's key prefix), with a short expiry. */
const HEALTH_KEY = 'health';

async function retryUntil<T>(deadline: number, attempt: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (err instanceof StoreRefusal || Date.now() + 500 > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * Redis answers the fast, shared questions; PostgreSQL keeps what must survive Redis
 * losing its data. Redis decides who gets a token (one script, atomic across instances), then
 * the spend is recorded durably: should Redis come back from a snapshot that still holds
 * a spent token, the ledger refuses it, so no fault makes a token usable twice. Merchant
 * request nonces (one per Access-Token request) live in PostgreSQL alone, so a Redis
 * restart cannot reopen a signed request's replay window; display nonces stay in Redis:
 * what a replayed display request could reach (a token, a session) is gone or spent too.
 */
export function withDurableBackstops(ephemeral: EphemeralStore, durable: PostgresStores): EphemeralStore {
  return {
    ...ephemeral,
    async consumeClientToken(hash, now, spender): Promise<ClientToken | null> {
      const token = await ephemeral.consumeClientToken(hash, now, spender);
      if (!token) return null;
      const recorded = await durable.spentTokens.markSpent(hash, now, { ...token, spentBy: spender }).catch((err: Error) => {
        throw new SpendNotRecorded({ merchantId: token.merchantId, cardId: token.cardId }, { cause: err });
      });
      return recorded ? token : null;
    },
    // The ledger first: after a rollback it still names the first spender, where Redis's
    // tombstone names the replay. Then the tombstone: it is written in the same step that
    // hands the token out, so a presentation that lost a race finds it even before the
    // winner's ledger row is in.
    spentClientToken: async (hash) => (await durable.spentTokens.spentOf(hash)) ?? ephemeral.spentClientToken(hash),
    async rememberNonce(scope, nonce, expiresAt) {
      // `expiresAt` is on the recording instance's clock. Another instance's may run up to
      // CLOCK_SKEW_MS behind it, and accept the nonce's timestamp that much longer: Redis
      // keeps a display nonce that long too (merchant nonces get it at their purge).
      return NONCE_SCOPES.isMerchant(scope)
        ? durable.merchantNonces.remember(scope, nonce, expiresAt)
        : ephemeral.rememberNonce(scope, nonce, expiresAt + CLOCK_SKEW_MS);
    },
    async purgeExpired(now) {
      const [spent, nonces] = await Promise.all([
        durable.spentTokens.purgeBefore(now - SPENT_TOKEN_RETENTION_MS),
        // A merchant nonce's expiry is its signing instance's clock: one running ahead must
        // not forget it while a slower instance would still accept its timestamp.
        durable.merchantNonces.purge(now - CLOCK_SKEW_MS),
      ]);
      return (await ephemeral.purgeExpired(now)) + spent + nonces;
    },
  };
}
