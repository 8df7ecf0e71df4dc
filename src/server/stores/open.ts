import { isScaledOut, type Config } from '../config.js';
import { resolveDataKey } from '../crypto/data-key.js';
import { createSqliteStores, type SqliteStoreOptions } from './sqlite/index.js';
import { createScaledStores, type ScaledStoreOptions } from './scaled/index.js';
import { createPostgresStores } from './postgres/index.js';
import { redactUrl } from './redact-url.js';
import type { DurableStores, Stores } from './types.js';

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

/**
 * The durable stores of the configured family, for the admin CLI: PostgreSQL alone when
 * scaled out, so that an operator can freeze a merchant or card, or read the audit log,
 * while Redis is down. SQLite holds both halves in one file, so it opens whole. An operator's
 * command waits out a busy database instead of failing within a request's budget.
 * `mustExist`: a PostgreSQL database Cardveil never migrated is refused, not migrated.
 */
export async function openDurableStores(config: Config, { mustExist = false } = {}): Promise<DurableStores> {
  const dataKey = resolveDataKey(config.CARDVEIL_DATA_KEY, config.CARDVEIL_DB);
  if (!isScaledOut(config)) return createSqliteStores(config.CARDVEIL_DB, dataKey);
  return createPostgresStores(config.DATABASE_URL, dataKey, { patience: 'operator', mustExist }).catch((err: Error) => {
    throw new Error(`PostgreSQL at ${redactUrl(config.DATABASE_URL)}: ${err.message}`, { cause: err });
  });
}
