import { loadConfig } from '../config.js';
import { openDurableStores } from '../stores/open.js';
import type { DurableStores } from '../stores/types.js';

/** The durable stores the server would use, from the same environment (no Redis: the CLI needs none). */
export function openConfiguredStores(): Promise<DurableStores> {
  return openDurableStores(loadConfig());
}
