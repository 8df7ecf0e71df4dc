import { isScaledOut, type Config } from '../config.js';
import { resolveDataKey } from '../crypto/data-key.js';
import { createSqliteStores, type SqliteStoreOptions } from './sqlite/index.js';
import { createScaledStores, type ScaledStoreOptions } from './scaled/index.js';
import type { Stores } from './types.js';

export type OpenStoresOptions = Pick<ScaledStoreOptions, 'onStoreEvent'> & SqliteStoreOptions;

/** The store family the configuration names: scaled out when REDIS_URL and DATABASE_URL are set, else SQLite. */
export async function openStores(
  config: Config,
  { onStoreEvent, commitThread, commitInline }: OpenStoresOptions = {},
): Promise<Stores> {
  const dataKey = resolveDataKey(config.CARDVEIL_DATA_KEY, config.CARDVEIL_DB);
  if (isScaledOut(config)) {
    return createScaledStores({
      redisUrl: config.REDIS_URL,
      redisKeyPrefix: config.REDIS_KEY_PREFIX,
      databaseUrl: config.DATABASE_URL,
      dataKey,
      onStoreEvent,
    });
  }
  return createSqliteStores(config.CARDVEIL_DB, dataKey, { commitThread, commitInline });
}
