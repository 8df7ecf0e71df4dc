import { Redis } from 'ioredis';
import { redactUrl } from '../redact-url.js';

/**
 * A Redis connection that fails closed and heals: while Redis is unreachable a command
 * is refused at once (no offline queue holding requests open until a load balancer gives
 * up), a command that gets no answer gives up after COMMAND_TIMEOUT_MS, and the client
 * keeps reconnecting in the background so service resumes on its own.
 */
const COMMAND_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;

export interface RedisEvents {
  /** connection lost or refused; called once per outage, not per reconnect attempt */
  down(err: Error): void;
  /** ready again after an outage */
  up(): void;
}

export function createRedisClient(url: string, keyPrefix: string, events: RedisEvents): Redis {
  const redis = new Redis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    // A command lost with the connection is failed, never replayed on reconnect: a
    // consume sent twice must not be the caller's problem to reason about.
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
  let healthy = false;
  redis.on('ready', () => {
    if (!healthy) events.up();
    healthy = true;
  });
  // Without a listener ioredis prints every reconnect failure; one report per outage is enough.
  redis.on('error', (err: Error) => {
    if (healthy) events.down(err);
    healthy = false;
  });
  redis.on('end', () => {
    healthy = false;
  });
  return redis;
}

/** Resolves once the connection is ready, or rejects naming the host (never the password). */
export async function waitForRedis(redis: Redis, url: string, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
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
