import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { ApiError } from '../errors.js';

/**
 * The limits on the routes, by client IP, applied before anything else runs (the display
 * guard and any store read included). Defaults documented in the README; `RATE_LIMITS=off`
 * only for load benchmarks.
 */
export interface RouteLimits {
  /** one budget for both merchant API routes, as an onRequest hook: a route's own limit counts that route alone */
  merchant: (req: FastifyRequest) => Promise<void>;
  exchange: RateLimitOptions | false;
  events: RateLimitOptions | false;
  transactions: RateLimitOptions | false;
  /** checked by the handlers themselves, which answer in their own form (a page, a CORS-readable body) */
  pages: ClientLimit;
  /** over `pages`, the framed loads still answered with the app's page, which reads the merchant (routes/pages.ts) */
  pageRefusals: ClientLimit;
  embedCheck: ClientLimit;
}

/** A limit on something only known mid-request (the token's merchant or card): throws 1009. */
export type KeyedLimit = (req: FastifyRequest, key: string) => Promise<void>;

/** Counts a request against its client's budget: the seconds to wait when it is over, else undefined. */
export type ClientLimit = (req: FastifyRequest) => Promise<number | undefined>;

const MINUTE = 60_000;

export function routeLimits(app: FastifyInstance, enabled: boolean): RouteLimits {
  if (!enabled) {
    const none = async () => undefined;
    return {
      merchant: async () => {},
      exchange: false,
      events: false,
      transactions: false,
      pages: none,
      pageRefusals: none,
      embedCheck: none,
    };
  }
  // By client IP: a header value is the caller's to vary (a fresh bucket per guess), and
  // an Access-Token must not be kept as a key in the limiter's store.
  const merchant = clientLimit(app, 'merchant-api', 600);
  return {
    merchant: async (req) => {
      const wait = await merchant(req);
      if (wait !== undefined) throw new ApiError(1009, undefined, wait);
    },
    exchange: { max: 120, timeWindow: MINUTE, keyGenerator: (req) => `x:${clientKey(req.ip)}` },
    events: { max: 600, timeWindow: MINUTE, keyGenerator: (req) => `e:${clientKey(req.ip)}` },
    // a person pages through a list a few times a minute; a scraper walking ranges does not
    transactions: { max: 120, timeWindow: MINUTE, keyGenerator: (req) => `t:${clientKey(req.ip)}` },
    // a page load is one card view: far more than a person makes, far fewer than a flood of store reads
    pages: clientLimit(app, 'pages', 300),
    // past it, a refusal the merchant's page can show costs a store read: a few of those, then none
    pageRefusals: clientLimit(app, 'page-refusals', 120),
    embedCheck: clientLimit(app, 'embed-check', 300),
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
export function keyedLimit(app: FastifyInstance, enabled: boolean, scope: string, max: number, timeWindow = MINUTE): KeyedLimit {
  if (!enabled) return async () => {};
  const count = counter(app, scope, max, timeWindow);
  return async (req, key) => {
    const wait = await count(req, key);
    if (wait !== undefined) throw new ApiError(1009, undefined, wait);
  };
}

/** A per-client-IP limit with one counter, whichever routes check it. */
function clientLimit(app: FastifyInstance, scope: string, max: number): ClientLimit {
  const count = counter(app, scope, max, MINUTE);
  return (req) => count(req, clientKey(req.ip));
}

/**
 * One counter in the plugin's store for every caller of it: a route's `rateLimit` config
 * gets a counter of its own, keyed by the route, so two routes sharing a budget cannot use it.
 */
function counter(app: FastifyInstance, scope: string, max: number, timeWindow: number) {
  const keys = new WeakMap<FastifyRequest, string>();
  const check = app.createRateLimit({ max, timeWindow, keyGenerator: (req) => keys.get(req) ?? `${scope}:?` });
  return async (req: FastifyRequest, key: string): Promise<number | undefined> => {
    keys.set(req, `${scope}:${key}`);
    const limit = await check(req);
    return !limit.isAllowed && limit.isExceeded ? Math.ceil(limit.ttl / 1000) : undefined;
  };
}
