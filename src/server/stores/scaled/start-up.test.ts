import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant } from '../../admin/commands.js';
import { scaledTestWorld, type ScaledTestWorld } from '../../testing/scaled-stores.js';
import { createScaledStores } from './index.js';

/**
 * Instances often start with their database, so the scaled family keeps trying to reach
 * PostgreSQL until its deadline. A database that answers and refuses this instance (a data
 * key that does not open its rows) is not one still starting: no retry can help.
 */
describe('a scaled instance that starts with the wrong data key', () => {
  let world: ScaledTestWorld;
  beforeAll(async () => {
    world = await scaledTestWorld();
    await createMerchant(await world.open(), { name: 'Keyed', origins: ['https://keyed.example'] });
  });
  afterAll(() => world?.close());

  // retried, it would run to its deadline of an hour, far past this test's time
  it('stops with the reason, not after retrying until its deadline', async () => {
    await expect(createScaledStores({ ...world.options, dataKey: randomBytes(32), connectTimeoutMs: 3_600_000 })).rejects.toThrow(
      /^PostgreSQL at .*: The data key does not open what this store holds/,
    );
  });
});
