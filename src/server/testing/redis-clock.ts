import { Redis } from 'ioredis';

/**
 * Lets `ms` pass on Redis's clock for the keys under `prefix`, which a test cannot set: each
 * key's TTL shrinks by `ms`, and those it outlived go, as if Redis had run that much longer.
 * The stores take the test's own `now` for everything else (their records' expiry, purges).
 */
export async function ageRedisKeys(url: string, prefix: string, ms: number): Promise<void> {
  // no key prefix here: SCAN answers full key names
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      for (const key of keys as string[]) {
        const ttl = await redis.pttl(key);
        if (ttl < 0) continue; // no expiry, or gone meanwhile
        if (ttl <= ms) await redis.del(key);
        else await redis.pexpire(key, ttl - ms);
      }
    }
  } finally {
    redis.disconnect();
  }
}
