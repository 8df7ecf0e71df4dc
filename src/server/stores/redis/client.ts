import { Redis } from 'ioredis';
import { redactUrl } from '../redact-url.js';

/**
 * A Redis connection that fails closed and heals: while Redis is unreachable a command
 * is refused at once (no offline queue holding requests open until a load balancer gives
 * up), a command that gets no answer gives up after COMMAND_TIMEOUT_MS, a connection that
 * goes silent is dropped, and the client keeps reconnecting so service resumes on its own.
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
  });
  let everReady = false;
  let healthy = false;
  redis.on('ready', () => {
    if (everReady && !healthy) events.up();
    everReady = healthy = true;
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
 * which managed services allow where CONFIG is disabled:
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
  if (policy !== undefined && policy !== 'noeviction') {
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
