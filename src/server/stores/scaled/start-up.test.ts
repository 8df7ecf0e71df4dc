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

  it('stops at once with the reason, not after a minute of retries', async () => {
    const started = performance.now();
    await expect(createScaledStores({ ...world.options, dataKey: randomBytes(32), connectTimeoutMs: 60_000 })).rejects.toThrow(
      /^PostgreSQL at .*: The data key does not open what this store holds/,
    );
    // retried, it would run to the 60 s deadline
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
