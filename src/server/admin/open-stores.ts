import { loadConfig } from '../config.js';
import { resolveDataKey } from '../crypto/data-key.js';
import { createSqliteStores } from '../stores/sqlite/index.js';
import type { Stores } from '../stores/types.js';

/** The store the server would use, from the same environment. */
export function openConfiguredStores(): Stores {
  const config = loadConfig();
  return createSqliteStores(config.CARDVEIL_DB, resolveDataKey(config.CARDVEIL_DATA_KEY, config.CARDVEIL_DB));
}
