import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { ApiError } from '../errors.js';

/** Per-route limits, keyed by client IP or caller, applied before anything else runs. */
export interface RouteLimits {
  merchant: RateLimitOptions | false;
  exchange: RateLimitOptions | false;
  events: RateLimitOptions | false;
  transactions: RateLimitOptions | false;
}

/** A limit on something only known mid-request (the token's merchant or card): throws 1009. */
export type KeyedLimit = (req: FastifyRequest, key: string) => Promise<void>;

/** Defaults documented in the README; `RATE_LIMITS=off` only for load benchmarks. */
export function routeLimits(enabled: boolean): RouteLimits {
  if (!enabled) return { merchant: false, exchange: false, events: false, transactions: false };
  return {
    // By client IP: a header value is the caller's to vary (a fresh bucket per guess), and
    // an Access-Token must not be kept as a key in the limiter's store.
    merchant: { max: 600, timeWindow: 60_000, keyGenerator: (req) => `m:${req.ip}` },
    exchange: { max: 120, timeWindow: 60_000, keyGenerator: (req) => `x:${req.ip}` },
    events: { max: 600, timeWindow: 60_000, keyGenerator: (req) => `e:${req.ip}` },
    // a person pages through a list a few times a minute; a scraper walking ranges does not
    transactions: { max: 120, timeWindow: 60_000, keyGenerator: (req) => `t:${req.ip}` },
  };
}

/**
 * Builds a limiter on @fastify/rate-limit's store (swappable for Redis when scaling out)
 * whose key the route supplies once it knows it, e.g. after the token names its card.
 */
export function keyedLimit(app: FastifyInstance, enabled: boolean, scope: string, max: number, timeWindow = 60_000): KeyedLimit {
  if (!enabled) return async () => {};
  const keys = new WeakMap<FastifyRequest, string>();
  const check = app.createRateLimit({ max, timeWindow, keyGenerator: (req) => keys.get(req) ?? `${scope}:?` });
  return async (req, key) => {
    keys.set(req, `${scope}:${key}`);
    const limit = await check(req);
    if (!limit.isAllowed && limit.isExceeded) throw new ApiError(1009, undefined, Math.ceil(limit.ttl / 1000));
  };
}
