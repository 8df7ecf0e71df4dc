import { randomBytes } from 'node:crypto';
import { createScaledStores, type ScaledStoreOptions } from '../stores/scaled/index.js';
import type { Stores } from '../stores/types.js';
import { createTestDatabase, TEST_REDIS_URL, testRedisPrefix, type TestDatabase } from './services.js';

/**
 * One scaled-out deployment for a test: a fresh database, its own Redis key prefix and
 * data key. `open()` starts another instance's stores on it (own connections); `close()`
 * closes them all and drops the database.
 */
export interface ScaledTestWorld {
  options: ScaledStoreOptions;
  database: TestDatabase;
  open(): Promise<Stores>;
  close(): Promise<void>;
}

export async function scaledTestWorld(redisUrl = TEST_REDIS_URL): Promise<ScaledTestWorld> {
  const database = await createTestDatabase();
  const options: ScaledStoreOptions = {
    redisUrl,
    redisKeyPrefix: testRedisPrefix(),
    databaseUrl: database.url,
    dataKey: randomBytes(32),
  };
  const opened: Stores[] = [];
  return {
    options,
    database,
    async open() {
      const stores = await createScaledStores(options);
      opened.push(stores);
      return stores;
    },
    async close() {
      await Promise.all(opened.map((s) => s.close()));
      await database.drop();
    },
  };
}
