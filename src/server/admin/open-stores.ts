import { loadConfig } from '../config.js';
import { openStores } from '../stores/open.js';
import type { Stores } from '../stores/types.js';

/** The store the server would use, from the same environment. */
export function openConfiguredStores(): Promise<Stores> {
  return openStores(loadConfig());
}
