import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, signedHeaders, type Harness } from '../testing/harness.js';
import { MERCHANT_ROUTES } from '../../shared/merchant-signature.js';
import { updateMerchant } from '../admin/commands.js';

const PATH = MERCHANT_ROUTES.accessToken;
let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

async function post(headers: Record<string, string>, extra: Record<string, string> = {}) {
  const res = await h.app.inject({ method: 'POST', url: PATH, headers: { ...headers, ...extra } });
  expect(res.statusCode).toBe(200);
  return res.json() as { code: number; msg: string; data?: { access_token: string; expires_in: number } };
}

async function addKey(patch: { enabled?: boolean; expiresAt?: number | null; ipAllow?: string[] }, on = h) {
  const key = { apiKey: `ak_test_${randomBytes(6).toString('hex')}`, secret: 'sk_test_secret_value_0123456789' };
  await on.stores.merchants.createApiKey({
    apiKey: key.apiKey,
    merchantId: on.merchant.merchant_id,
    secret: key.secret,
    enabled: patch.enabled ?? true,
    expiresAt: patch.expiresAt ?? null,
    ipAllow: patch.ipAllow ?? [],
  });
  return { api_key: key.apiKey, api_secret: key.secret };
}

describe('POST /api/v1/auth/access-token', () => {
  it('issues an Access-Token for a correctly signed request', async () => {
    const body = await post(signedHeaders(h, h.merchant, PATH));
    expect(body.code).toBe(0);
    expect(body.msg).toBe('Success');
    expect(body.data?.expires_in).toBe(7200);
    expect(body.data?.access_token).toMatch(/^mat_[A-Za-z0-9_-]{43}$/);
  });

  it('signs the body’s exact bytes: a body in another type than JSON is refused, not taken as empty', async () => {
    const send = (payload: string | Buffer, type: string, signedOver: string | Buffer) =>
      h.app.inject({
        method: 'POST',
        url: PATH,
        headers: { ...signedHeaders(h, h.merchant, PATH, signedOver), 'content-type': type },
        payload,
      });
    // signed over nothing, sent with a body: before, text/plain kept no bytes, and this passed
    expect((await send('hello', 'text/plain', '')).json()).toEqual({ code: 1004, msg: 'body: Invalid request parameter' });
    expect((await send('hello', 'text/plain', 'hello')).json().code).toBe(1004);
    // JSON that is not UTF-8 is refused, signed over its bytes or not
    const latin1 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    expect((await send(latin1, 'application/json', latin1)).json()).toEqual({
      code: 1004,
      msg: 'body: Invalid request parameter',
    });
    // UTF-8 beyond ASCII, signed over its bytes, passes
    const chinese = JSON.stringify({ note: '商户' });
    expect((await send(chinese, 'application/json; charset=utf-8', Buffer.from(chinese))).json().code).toBe(0);
  });

  it('answers 1002 without an Api-Key', async () => {
    const headers = signedHeaders(h, h.merchant, PATH) as Record<string, string>;
    delete headers['Api-Key'];
    expect((await post(headers)).code).toBe(1002);
  });

  it('answers 1008 for an unknown Api-Key', async () => {
    expect((await post(signedHeaders(h, { api_key: 'ak_unknown', api_secret: 'x' }, PATH))).code).toBe(1008);
  });

  it('answers 1010 for a disabled key and 1011 for an expired one', async () => {
    expect((await post(signedHeaders(h, await addKey({ enabled: false }), PATH))).code).toBe(1010);
    expect((await post(signedHeaders(h, await addKey({ expiresAt: h.clock.now - 1 }), PATH))).code).toBe(1011);
  });

  it('answers 1003 when the caller IP is outside the key allow-list, and accepts one inside', async () => {
    expect((await post(signedHeaders(h, await addKey({ ipAllow: ['10.0.0.0/8'] }), PATH))).code).toBe(1003);
    expect((await post(signedHeaders(h, await addKey({ ipAllow: ['127.0.0.0/8'] }), PATH))).code).toBe(0);
  });

  describe('behind a proxy, the IP allow-list counts only what trusted proxies appended to X-Forwarded-For', () => {
    // The client writes the leftmost entries; the load balancer appends the address it saw.
    async function fromProxy(trustProxy: string, socket: string, forwardedFor: string) {
      const proxied = await createHarness({ TRUST_PROXY: trustProxy });
      try {
        const creds = await addKey({ ipAllow: ['192.0.2.10'] }, proxied);
        const res = await proxied.app.inject({
          method: 'POST',
          url: PATH,
          headers: { ...signedHeaders(proxied, creds, PATH), 'X-Forwarded-For': forwardedFor },
          remoteAddress: socket,
        });
        return res.json().code as number;
      } finally {
        await proxied.close();
      }
    }

    it.each([
      ['a proxy CIDR (TRUST_PROXY=10.0.0.0/8)', '10.0.0.0/8'],
      ['a proxy list (TRUST_PROXY=192.0.2.200,10.0.0.1)', '192.0.2.200,10.0.0.1'],
    ])(
      'trusting %s, refuses an allowed address spoofed leftmost (1003) and accepts it appended by the proxy',
      async (_name, trust) => {
        expect(await fromProxy(trust, '10.0.0.1', '192.0.2.10, 203.0.113.99')).toBe(1003);
        expect(await fromProxy(trust, '10.0.0.1', '203.0.113.99, 192.0.2.10')).toBe(0);
      },
    );

    it('ignores X-Forwarded-For from a peer outside the trusted proxy list', async () => {
      expect(await fromProxy('10.0.0.0/8', '198.51.100.7', '192.0.2.10')).toBe(1003);
    });
  });

  it('answers 1022 when the merchant is frozen', async () => {
    await updateMerchant(h.stores, h.merchant.merchant_id, { status: 'frozen' });
    expect((await post(signedHeaders(h, h.merchant, PATH))).code).toBe(1022);
  });

  it('tells the account’s state only to a request signed with the secret, not to one holding the key alone', async () => {
    const cases = [
      await addKey({ enabled: false }),
      await addKey({ expiresAt: h.clock.now - 1 }),
      await addKey({ ipAllow: ['10.0.0.0/8'] }),
    ];
    await updateMerchant(h.stores, h.merchant.merchant_id, { status: 'frozen' });
    cases.push(await addKey({}));
    for (const creds of cases) {
      const signed = signedHeaders(h, creds, PATH);
      // the key, a fresh timestamp and nonce, and no signature, or one made without the secret
      expect((await post({ ...signed, Signature: '' })).code).toBe(1004);
      expect((await post(signedHeaders(h, { ...creds, api_secret: 'sk_guessed' }, PATH))).code).toBe(1004);
      expect((await post({ 'Api-Key': creds.api_key })).code).toBe(1005);
    }
  });

  it('answers 1005 for a timestamp just outside ±300 s and accepts one at the edge', async () => {
    const at = (delta: number) => signedHeaders(h, h.merchant, PATH, '', { Timestamp: String(h.clock.now + delta) });
    expect((await post(at(300_001))).code).toBe(1005);
    expect((await post(at(-300_001))).code).toBe(1005);
    expect((await post(at(300_000))).code).toBe(0);
    expect((await post(at(-300_000))).code).toBe(0);
    expect((await post(signedHeaders(h, h.merchant, PATH, '', { Timestamp: 'yesterday' }))).code).toBe(1005);
  });

  it.each([
    ['standard base64', randomBytes(16).toString('base64')],
    ['a UUID', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ['a short counter', '7'],
  ])('takes a nonce of %s', async (_name, nonce) => {
    expect((await post(signedHeaders(h, h.merchant, PATH, '', { Nonce: nonce }))).code).toBe(0);
  });

  it.each([
    ['a space', 'nonce 0001'],
    ['angle brackets', '<nonce>'],
    ['nothing', ''],
  ])('refuses a nonce with %s as 1004 nonce', async (_name, nonce) => {
    expect(await post(signedHeaders(h, h.merchant, PATH, '', { Nonce: nonce }))).toMatchObject({
      code: 1004,
      msg: 'nonce: Invalid request parameter',
    });
  });

  it('answers 1017 when a nonce is used twice', async () => {
    const headers = signedHeaders(h, h.merchant, PATH);
    expect((await post(headers)).code).toBe(0);
    expect((await post(headers)).code).toBe(1017);
  });

  it('refuses a wrong signature without burning the nonce', async () => {
    const good = signedHeaders(h, h.merchant, PATH);
    const bad = await post({ ...good, Signature: '0'.repeat(64) });
    expect(bad).toMatchObject({ code: 1004, msg: 'signature: Invalid request parameter' });
    expect((await post(good)).code).toBe(0);
  });

  it('signs Timestamp, Nonce, method, path and the body’s SHA-256, as DESIGN §4 lays them out', async () => {
    // computed outside this code base: printf '1700000000000\nnonce-0001\nPOST\n/api/v1/auth/access-token\n<sha256 of "">'
    // | openssl dgst -sha256 -hmac sk_test_vector
    await h.stores.merchants.createApiKey({
      apiKey: 'ak_test_vector',
      merchantId: h.merchant.merchant_id,
      secret: 'sk_test_vector',
      enabled: true,
      expiresAt: null,
      ipAllow: [],
    });
    h.clock.now = 1_700_000_000_000;
    const vector = {
      'Api-Key': 'ak_test_vector',
      Timestamp: '1700000000000',
      Nonce: 'nonce-0001',
      Signature: '2aaa6137fed541ba40268d86335911995cf1f45ca695a0d9bd67a1d2ef33cf78',
    };
    expect((await post(vector)).code).toBe(0);
  });

  // A replayer holds one signed request and changes one part of it: each part is signed.
  it.each([
    ['a fresh nonce', (good: Record<string, string>) => ({ headers: { ...good, Nonce: randomBytes(16).toString('base64url') } })],
    [
      'a later timestamp',
      (good: Record<string, string>) => ({ headers: { ...good, Timestamp: String(Number(good.Timestamp) + 1000) } }),
    ],
    ['another path', () => ({ headers: signedHeaders(h, h.merchant, MERCHANT_ROUTES.clientAccessTokens) })],
    ['a body', (good: Record<string, string>) => ({ headers: { ...good, 'Content-Type': 'application/json' }, payload: '{}' })],
  ])('refuses a signed request changed by %s: 1004 signature', async (_, change) => {
    const { headers, payload } = change(signedHeaders(h, h.merchant, PATH)) as {
      headers: Record<string, string>;
      payload?: string;
    };
    const res = await h.app.inject({ method: 'POST', url: PATH, headers, ...(payload === undefined ? {} : { payload }) });
    expect(res.json()).toMatchObject({ code: 1004, msg: 'signature: Invalid request parameter' });
  });

  it('refuses a signature made with another secret', async () => {
    const forged = signedHeaders(h, { api_key: h.merchant.api_key, api_secret: 'sk_guess' }, PATH);
    expect((await post(forged)).code).toBe(1004);
  });

  it('answers in Chinese when asked with Language: zh_CN, and in English for an unknown language', async () => {
    expect((await post(signedHeaders(h, { api_key: 'ak_unknown', api_secret: 'x' }, PATH), { Language: 'zh_CN' })).msg).toBe(
      'Api-Key 不存在',
    );
    expect((await post(signedHeaders(h, { api_key: 'ak_unknown', api_secret: 'x' }, PATH), { Language: 'fr_FR' })).msg).toBe(
      'Api-Key does not exist',
    );
  });

  it('marks the answer no-store', async () => {
    const res = await h.app.inject({ method: 'POST', url: PATH, headers: signedHeaders(h, h.merchant, PATH) });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
