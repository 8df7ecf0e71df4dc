import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteStores } from '../stores/sqlite/index.js';
import type { Stores } from '../stores/types.js';
import { createMerchant, updateMerchant } from './commands.js';
import { DEMO_MERCHANT_NAME, seedDemo } from './seed.js';

const dir = mkdtempSync(join(tmpdir(), 'cardveil-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stores: Stores;
let file: string;
beforeEach(() => {
  stores = createSqliteStores(':memory:', randomBytes(32));
  file = join(dir, `demo-${randomBytes(4).toString('hex')}.json`);
  vi.stubEnv('DEMO_CREDENTIALS', file);
  vi.stubEnv('DEMO_PORT', '8788');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await stores.close();
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the demo seed', () => {
  it('writes the credentials file readable by its owner only', async () => {
    await seedDemo(stores);
    expect(modeOf(file)).toBe(0o600);
  });

  it('leaves a credentials file owner-only when it replaces a looser one', async () => {
    // a file left by another store (its merchant unknown here), readable by everyone
    writeFileSync(file, JSON.stringify({ merchant_id: 'mch_elsewhere', api_key: 'ak_x', api_secret: 'sk_x', cards: [] }));
    chmodSync(file, 0o644);
    const seeded = await seedDemo(stores);
    expect(seeded.created).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).merchant_id).toBe(seeded.merchant_id);
    expect(modeOf(file)).toBe(0o600);
  });

  // a copy of the file restored with looser rights stayed so through every later start
  it('makes its own credentials file owner-only again when it finds it looser', async () => {
    await seedDemo(stores);
    chmodSync(file, 0o644);
    expect((await seedDemo(stores)).created).toBe(false);
    expect(modeOf(file)).toBe(0o600);
  });

  it('whitelists the demo page’s one origin, not localhost, which DESIGN keeps for a merchant not allowed', async () => {
    const first = await seedDemo(stores);
    expect((await stores.merchants.get(first.merchant_id))?.origins).toEqual(['http://127.0.0.1:8788']);
  });

  it('drops the localhost origin an earlier seed whitelisted, keeping the merchant’s others', async () => {
    const first = await seedDemo(stores);
    await updateMerchant(stores, first.merchant_id, {
      origins: ['http://127.0.0.1:8788', 'http://localhost:8788', 'https://shop.example'],
    });
    await seedDemo(stores);
    expect((await stores.merchants.get(first.merchant_id))?.origins).toEqual(['http://127.0.0.1:8788', 'https://shop.example']);
  });

  it('whitelists the current demo origin on an existing demo merchant, keeping the others', async () => {
    const first = await seedDemo(stores);
    vi.stubEnv('DEMO_PORT', '9788');
    vi.stubEnv('DEMO_HOST', '0.0.0.0'); // listening everywhere: a browser reaches it on loopback
    const again = await seedDemo(stores);
    vi.stubEnv('DEMO_HOST', 'localhost');
    await seedDemo(stores);
    expect(again).toMatchObject({ created: false, merchant_id: first.merchant_id });
    expect((await stores.merchants.get(first.merchant_id))?.origins).toEqual([
      'http://127.0.0.1:8788',
      'http://127.0.0.1:9788',
      'http://localhost:9788',
    ]);
  });

  it('renames the cards of a credentials file written before they were named by brand, keeping the rest of it', async () => {
    await seedDemo(stores);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { cards: { label: string }[] };
    const old = { ...written, cards: written.cards.map((c) => ({ ...c, label: `Old ${c.label}` })) };
    writeFileSync(file, JSON.stringify(old));
    const again = await seedDemo(stores);
    expect(again.cards.map((c) => c.label)).toEqual(['Visa', 'Mastercard']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(written);
    expect(modeOf(file)).toBe(0o600);
  });

  it('reuses the demo merchant when its credentials file is gone, with a fresh API key, not a second merchant', async () => {
    const first = await seedDemo(stores);
    unlinkSync(file);
    const again = await seedDemo(stores);
    expect(again).toMatchObject({ created: false, new_api_key: true, merchant_id: first.merchant_id, cards: first.cards });
    if (!('api_secret' in again)) throw new Error('the fresh API secret is shown once');
    expect(again.api_key).not.toBe(first.api_key);
    expect(await stores.merchants.getApiKey(again.api_key)).toMatchObject({ merchantId: first.merchant_id, enabled: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ merchant_id: first.merchant_id, api_key: again.api_key });
    expect(modeOf(file)).toBe(0o600);
    expect(await stores.cards.listByMerchant(first.merchant_id)).toHaveLength(2);
    expect((await stores.merchants.findByName(DEMO_MERCHANT_NAME))?.id).toBe(first.merchant_id);
    // and the run after that finds it through the new file
    expect(await seedDemo(stores)).toMatchObject({ created: false, merchant_id: first.merchant_id, api_key: again.api_key });
  });

  it('gives a demo merchant found by name the demo cards and origins it lacks', async () => {
    const { merchant_id } = await createMerchant(stores, { name: DEMO_MERCHANT_NAME, origins: ['https://shop.example'] });
    const seeded = await seedDemo(stores);
    expect(seeded).toMatchObject({ created: false, new_api_key: true, merchant_id });
    expect(seeded.cards.map((c) => [c.type, c.last4])).toEqual([
      ['physical', '5556'],
      ['virtual', '4444'],
    ]);
    expect(await stores.cards.listByMerchant(merchant_id)).toHaveLength(2);
    expect((await stores.merchants.get(merchant_id))?.origins).toEqual(['https://shop.example', 'http://127.0.0.1:8788']);
  });

  it('refuses a credentials file that is not JSON without quoting any of it (it may hold the API secret)', async () => {
    writeFileSync(file, '{"merchant_id":"mch_x","api_secret":sk_SUPERSECRETVALUE}');
    const refused = seedDemo(stores);
    await expect(refused).rejects.toMatchObject({ code: 1001, reason: expect.stringContaining('is not valid JSON') });
    await refused.catch((e: Error & { reason: string }) => {
      expect(`${e.message} ${e.reason}`).not.toContain('SUPERSE');
    });
  });
});
