import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { ApiError } from '../errors.js';

/** Per-route limits, keyed by client IP or caller, applied before anything else runs (the display guard included). */
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
    merchant: { max: 600, timeWindow: 60_000, keyGenerator: (req) => `m:${clientKey(req.ip)}` },
    exchange: { max: 120, timeWindow: 60_000, keyGenerator: (req) => `x:${clientKey(req.ip)}` },
    events: { max: 600, timeWindow: 60_000, keyGenerator: (req) => `e:${clientKey(req.ip)}` },
    // a person pages through a list a few times a minute; a scraper walking ranges does not
    transactions: { max: 120, timeWindow: 60_000, keyGenerator: (req) => `t:${clientKey(req.ip)}` },
  };
}

/**
 * The client a per-IP limit counts: an IPv4 address, or an IPv6 client's /64. One host
 * usually holds a whole /64 and may pick any address in it, so counting IPv6 addresses
 * one by one would hand it a fresh bucket per request. (@fastify/rate-limit groups by
 * /64 only in its default key, which ours replace.) An IPv4-mapped address is its IPv4.
 */
export function clientKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const g = ipv6Groups(ip);
  const mapped = g.slice(0, 5).every((n) => n === 0) && g[5] === 0xffff;
  if (mapped) return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
  const prefix = g.slice(0, 4).map((n) => n.toString(16));
  return `${prefix.join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, however it was written. */
function ipv6Groups(ip: string): number[] {
  // The URL parser writes every IPv6 form (dotted tail, leading zeros, case) one way, in hex;
  // a zone (`%eth0`) names an interface, not a different client.
  const canonical = new URL(`http://[${ip.split('%')[0]}]`).hostname.slice(1, -1);
  const [head = '', tail = ''] = canonical.split('::');
  const groups = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const [before, after] = [groups(head), groups(tail)];
  return [...before, ...Array<number>(8 - before.length - after.length).fill(0), ...after];
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
