import { Redis } from 'ioredis';
import { redactUrl } from '../redact-url.js';

/**
 * A Redis connection that fails closed and heals: while Redis is unreachable a command
 * is refused at once (no offline queue holding requests open until a load balancer gives
 * up), a command that gets no answer gives up after COMMAND_TIMEOUT_MS, a connection that
 * goes silent is dropped, and the client keeps reconnecting so service resumes on its own.
 * A server that turned replica under it is left for a new dial, and every server it reaches
 * after an outage is checked as start-up checks the first (checkServer).
 */
const COMMAND_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;

export interface RedisEvents {
  /** connection lost; called once per outage, not per reconnect attempt */
  down(err: Error): void;
  /** ready again after an outage */
  up(): void;
}

export function createRedisClient(url: string, keyPrefix: string, events: RedisEvents): Redis {
  const redis = new Redis(url, {
    keyPrefix,
    // concurrent requests' commands share one write to the socket
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    // A command lost with the connection is failed, never sent again on reconnect: a
    // consume must not run twice behind its caller's back.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // a black-holed connection (no RST, e.g. a failover to a new address) is destroyed and
    // redialled, rather than kept "ready" until the kernel gives up minutes later
    socketTimeout: COMMAND_TIMEOUT_MS + 1000,
    connectTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    // A failover that demotes the node keeps its connection open, and every write then fails
    // READONLY for as long as it stays: redial, so that the name finds the new primary. 1 and
    // not 2: the failed command is failed to its caller, never sent again.
    reconnectOnError: (err) => /^(READONLY|NOREPLICAS)\b/.test(err.message) && 1,
  });
  let everReady = false;
  let healthy = false;
  /** why the server reached last was dropped: said once, not on every redial */
  let refusal: string | undefined;
  redis.on('ready', () => {
    if (!everReady) {
      // start-up's own check is waitForRedis's
      everReady = healthy = true;
      return;
    }
    // After an outage the name may lead to another server: one that may evict or is too old
    // is dropped again, so that requests keep failing closed until a fit one answers.
    void redis
      .info()
      .then((info) => {
        checkServer(info, url);
        if (!healthy) events.up();
        healthy = true;
        refusal = undefined;
      })
      .catch((err: Error) => {
        if (healthy || err.message !== refusal) events.down(err);
        healthy = false;
        refusal = err.message;
        redis.disconnect(true);
      });
  });
  // Without a listener ioredis prints every reconnect failure; one report per outage is enough.
  redis.on('error', (err: Error) => {
    if (healthy) events.down(err);
    healthy = false;
  });
  redis.on('close', () => {
    if (healthy) events.down(new Error('connection closed'));
    healthy = false;
  });
  return redis;
}

/** Resolves once the connection is ready, or rejects naming the host (never the password). */
export async function waitForRedis(redis: Redis, url: string, timeoutMs: number): Promise<void> {
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        reject(new Error(`Redis at ${redactUrl(url)} is unreachable`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once('ready', onReady);
    });
  }
  checkServer(await redis.info(), url);
}

/**
 * The oldest Redis this runs on: ioredis 6, the client, supports 6.2 and newer. What the
 * scripts send needs less (consume: GET, SET … PX and Lua's cjson; the rate limiter's: INCR,
 * PEXPIRE, PTTL, GET; nonces: SET … PX NX), so the client's floor is the true one.
 */
export const MIN_REDIS_VERSION = [6, 2, 0] as const;

/**
 * Refuses a server Cardveil cannot rely on, from one INFO (server and memory sections),
 * which managed services allow where CONFIG is disabled; at start-up, and again on every
 * reconnection:
 * - older than MIN_REDIS_VERSION, or not saying its version;
 * - an evicting policy (allkeys-* or volatile-*): every record here carries a TTL, so it
 *   would drop remembered nonces and rate-limit counters under memory pressure, silently
 *   reopening a replay window. With noeviction a full Redis refuses writes, and requests
 *   fail closed.
 */
export function checkServer(info: string, url: string): void {
  const where = `Redis at ${redactUrl(url)}`;
  const version = /^redis_version:(\d+)\.(\d+)\.(\d+)/m.exec(info)?.slice(1).map(Number);
  const minimum = MIN_REDIS_VERSION.join('.');
  if (!version) {
    throw new Error(`${where} does not report its version; Cardveil needs Redis ${minimum} or newer (docs/scale-out.md)`);
  }
  if (olderThan(version, MIN_REDIS_VERSION)) {
    throw new Error(`${where} runs Redis ${version.join('.')}; Cardveil needs ${minimum} or newer (docs/scale-out.md)`);
  }
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy === undefined) {
    throw new Error(`${where} does not report its maxmemory-policy; Cardveil needs noeviction (docs/scale-out.md)`);
  }
  if (policy !== 'noeviction') {
    throw new Error(`${where} runs maxmemory-policy ${policy}; Cardveil needs noeviction (docs/scale-out.md)`);
  }
}

function olderThan(version: readonly number[], minimum: readonly number[]): boolean {
  for (const [i, part] of minimum.entries()) {
    if (version[i] !== part) return version[i]! < part;
  }
  return false;
}

/** Closes the connection; when Redis is unreachable, stops the reconnect attempts too. */
export async function closeRedis(redis: Redis): Promise<void> {
  await redis.quit().catch(() => {});
  redis.disconnect();
}
