import { existsSync } from 'node:fs';
import { isScaledOut, loadConfig } from '../config.js';
import { openDurableStores } from '../stores/open.js';
import type { DurableStores } from '../stores/types.js';
import { AdminRefusal } from './commands.js';

/**
 * The durable stores the server would use, from the same environment (no Redis: the CLI
 * needs none). Only a command that starts a deployment (`mayCreate`: merchant:create, seed)
 * may create a store, a SQLite file or a PostgreSQL schema: any other, pointed at a file
 * that is not there or a database Cardveil never used (a mistyped CARDVEIL_DB or
 * DATABASE_URL), would read an empty new store and answer as if the records did not exist,
 * an audit as if nothing had happened.
 */
export async function openConfiguredStores({ mayCreate }: { mayCreate: boolean }): Promise<DurableStores> {
  const config = loadConfig();
  if (!mayCreate && !isScaledOut(config) && config.CARDVEIL_DB !== ':memory:' && !existsSync(config.CARDVEIL_DB)) {
    throw new AdminRefusal(1001, `no store at ${config.CARDVEIL_DB}: check CARDVEIL_DB (merchant:create and seed create one)`);
  }
  return openDurableStores(config, { mustExist: !mayCreate });
}
