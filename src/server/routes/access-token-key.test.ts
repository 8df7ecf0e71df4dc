import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, createHarness, SHOP, type Harness } from '../testing/harness.js';
import { scaledTestWorld } from '../testing/scaled-stores.js';
import { MERCHANT_ROUTES } from '../../shared/merchant-signature.js';
import { hashToken } from '../crypto/tokens.js';

/**
 * An Access-Token is only as good as the API key that bought it, at every use and not only
 * at issue (DESIGN §4): on both store families, a key disabled, expired or gone takes its
 * tokens with it (1007), and its IP allow-list holds for the token too (1003).
 */
const families: { name: string; open(): Promise<Harness> }[] = [
  { name: 'SQLite', open: () => createHarness() },
  {
    name: 'Redis + PostgreSQL',
    async open() {
      const world = await scaledTestWorld();
      const h = await createHarness({}, { stores: await world.open() });
      return { ...h, close: () => h.close().then(() => world.close()) };
    },
  },
];

const OUTSIDE = '203.0.113.9';

describe.each(families)('an Access-Token and its API key: $name', ({ open }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(() => h?.close());

  /** A key of its own for one test (inject's address is 127.0.0.1), and a token it bought. */
  async function keyWithToken(ipAllow: string[] = []) {
    const creds = { api_key: `ak_test_${randomBytes(6).toString('hex')}`, api_secret: 'sk_test_secret_value_0123456789' };
    await h.stores.merchants.createApiKey({
      apiKey: creds.api_key,
      merchantId: h.merchant.merchant_id,
      secret: creds.api_secret,
      enabled: true,
      expiresAt: null,
      ipAllow,
    });
    return { key: creds.api_key, token: await accessToken(h, { ...h.merchant, ...creds }) };
  }

  async function mintWith(token: string, remoteAddress = '127.0.0.1') {
    const res = await h.app.inject({
      method: 'POST',
      url: MERCHANT_ROUTES.clientAccessTokens,
      headers: { 'Access-Token': token, 'Content-Type': 'application/json' },
      payload: JSON.stringify({ card_id: h.cards.virtual, fields: ['pan'], mode: 'embed', parent_origin: SHOP }),
      remoteAddress,
    });
    return (res.json() as { code: number }).code;
  }

  it('refuses a token whose key was disabled after it was issued (1007)', async () => {
    const { key, token } = await keyWithToken();
    expect(await mintWith(token)).toBe(0);
    await h.stores.merchants.updateApiKey(key, { enabled: false });
    expect(await mintWith(token)).toBe(1007);
  });

  it('refuses a token whose key has expired since it was issued (1007)', async () => {
    const { key, token } = await keyWithToken();
    await h.stores.merchants.updateApiKey(key, { expiresAt: h.clock.now + 1_000 });
    expect(await mintWith(token)).toBe(0);
    h.clock.now += 1_000;
    expect(await mintWith(token)).toBe(1007);
  });

  it('refuses a token whose key is gone (1007)', async () => {
    const token = 'mat_for_a_key_that_is_gone';
    await h.stores.ephemeral.putAccessToken(hashToken(token), {
      merchantId: h.merchant.merchant_id,
      apiKey: 'ak_gone',
      expiresAt: h.clock.now + 60_000,
    });
    expect(await mintWith(token)).toBe(1007);
  });

  it('refuses a token used from outside its key’s IP allow-list, as at issue (1003)', async () => {
    const { key, token } = await keyWithToken(['127.0.0.0/8']);
    expect(await mintWith(token, OUTSIDE)).toBe(1003);
    expect(await mintWith(token)).toBe(0);
    // narrowed after issue: the token follows the key's list as it is now
    await h.stores.merchants.updateApiKey(key, { ipAllow: ['10.0.0.0/8'] });
    expect(await mintWith(token)).toBe(1003);
  });

  it('refuses a token issued before keys were kept with it (1007)', async () => {
    const token = 'mat_issued_before_keys_were_kept';
    await h.stores.ephemeral.putAccessToken(hashToken(token), {
      merchantId: h.merchant.merchant_id,
      apiKey: null,
      expiresAt: h.clock.now + 60_000,
    });
    expect(await mintWith(token)).toBe(1007);
  });
});
