import { Redis } from 'ioredis';
import { redactUrl } from '../redact-url.js';

/**
 * A Redis connection that fails closed and heals: while Redis is unreachable a command
 * is refused at once (no offline queue holding requests open until a load balancer gives
 * up), a command that gets no answer gives up after COMMAND_TIMEOUT_MS, a connection that
 * goes silent is dropped, and the client keeps reconnecting so service resumes on its own.
 * A server that turned replica under it is left for a new dial, and every server it reaches
 * is checked (checkServer) before it is sent anything else: one that fails is dropped, and
 * redialled every MAX_RECONNECT_DELAY_MS until a fit one answers.
 */
const COMMAND_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;

export interface RedisEvents {
  /** connection lost, or the server reached refused; once per outage or reason, not per redial */
  down(err: Error): void;
  /** ready again after an outage */
  up(): void;
}

/** The first verdict on each client's server, for start-up to wait on (waitForRedis). */
const firstCheck = new WeakMap<Redis, Promise<void>>();

export function createRedisClient(url: string, keyPrefix: string, events: RedisEvents): Redis {
  /** why the server reached last was refused; none once one passed */
  let refusal: string | undefined;
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
    // ioredis counts attempts from the last `ready`: a server refused after one waits the most
    retryStrategy: (attempt) => (refusal ? MAX_RECONNECT_DELAY_MS : Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS)),
    // A failover that demotes the node keeps its connection open, and every write then fails
    // READONLY for as long as it stays: redial, so that the name finds the new primary. 1 and
    // not 2: the failed command is failed to its caller, never sent again.
    reconnectOnError: (err) => /^READONLY\b/.test(err.message) && 1,
  });
  // ioredis is `ready`, and sends whatever it is given, before the server's INFO has been
  // read: until it has passed, the check is all that goes out.
  let checked = false;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    if (checked || redis.status !== 'ready' || command.name === 'info' || command.name === 'quit') {
      return send(command, stream);
    }
    command.reject(new Error('Redis server not checked yet'));
    return command.promise;
  };

  let healthy = false;
  /** whether a server ever passed: before that, start-up reports (waitForRedis), not events */
  let served = false;
  let settleFirst: (error?: Error) => void = () => {};
  const first = new Promise<void>((resolve, reject) => {
    settleFirst = (error) => (error ? reject(error) : resolve());
  });
  first.catch(() => {}); // start-up may have stopped waiting
  firstCheck.set(redis, first);
  redis.on('ready', () => {
    // After an outage the name may lead to another server: it is checked like the first.
    void redis
      .info()
      .then((info) => {
        checkServer(info, url);
        if (served && !healthy) events.up();
        checked = healthy = served = true;
        refusal = undefined;
        settleFirst();
      })
      .catch((err: Error) => {
        if (served && (healthy || err.message !== refusal)) events.down(err);
        healthy = false;
        refusal = err.message;
        settleFirst(err);
        redis.disconnect(true);
      });
  });
  // Without a listener ioredis prints every reconnect failure; one report per outage is enough.
  redis.on('error', (err: Error) => {
    if (healthy) events.down(err);
    healthy = false;
  });
  redis.on('close', () => {
    checked = false;
    if (healthy) events.down(new Error('connection closed'));
    healthy = false;
  });
  return redis;
}

/**
 * Resolves once the first server reached has passed checkServer, or rejects with why it did
 * not, or naming the host (never the password) when none answered in time.
 */
export async function waitForRedis(redis: Redis, url: string, timeoutMs: number): Promise<void> {
  const first = firstCheck.get(redis) ?? Promise.reject(new Error('not a client of createRedisClient'));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis at ${redactUrl(url)} is unreachable`)), timeoutMs);
  });
  try {
    await Promise.race([first, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The oldest Redis this runs on: ioredis 6, the client, supports 6.2 and newer. What the
 * scripts send needs less (consume: GET, SET … PX and Lua's cjson; the rate limiter's: INCR,
 * PEXPIRE, PTTL, GET; nonces: SET … PX NX), so the client's floor is the true one.
 */
export const MIN_REDIS_VERSION = [6, 2, 0] as const;

/**
 * Refuses a server Cardveil cannot rely on, from one INFO (server, memory and replication
 * sections), which managed services allow where CONFIG is disabled; at start-up, and again
 * on every reconnection:
 * - older than MIN_REDIS_VERSION, or not saying its version;
 * - an evicting policy (allkeys-* or volatile-*), or none said: every record here carries a
 *   TTL, so it would drop remembered nonces and rate-limit counters under memory pressure,
 *   silently reopening a replay window. With noeviction a full Redis refuses writes, and
 *   requests fail closed;
 * - a replica: it refuses every write (the name leads there after a failover, until DNS
 *   catches up).
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
  if (/^role:slave\b/m.test(info)) {
    throw new Error(`${where} is a replica, which refuses writes; Cardveil needs the primary (docs/scale-out.md)`);
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
