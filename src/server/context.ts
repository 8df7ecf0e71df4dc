import type { KeyedLimit, RouteLimits } from './http/rate-limits.js';
import type { Config } from './config.js';
import type { Stores } from './stores/types.js';

/** What every route needs, passed explicitly rather than through globals. */
export interface AppContext {
  config: Config;
  stores: Stores;
  /** the clock, injectable so tests can stand at the edges of a window */
  now: () => number;
  limits: RouteLimits;
  /** exchanges per merchant and per card, checked once the token names them */
  exchangeLimits: { merchant: KeyedLimit; card: KeyedLimit };
}
