import type { RateLimitOptions } from '@fastify/rate-limit';
import type { Config } from './config.js';
import type { Stores } from './stores/types.js';

/** What every route needs, passed explicitly rather than through globals. */
export interface AppContext {
  config: Config;
  stores: Stores;
  /** the clock, injectable so tests can stand at the edges of a window */
  now: () => number;
  limits: RateLimits;
}

export interface RateLimits {
  merchant: RateLimitOptions | false;
  exchange: RateLimitOptions | false;
  events: RateLimitOptions | false;
}
