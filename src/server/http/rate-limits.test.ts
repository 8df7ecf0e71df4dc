import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accessToken, createHarness, exchangeRequest, mintToken, signedHeaders, type Harness } from '../testing/harness.js';
import { scaledTestWorld } from '../testing/scaled-stores.js';
import { MERCHANT_ROUTES } from '../../shared/merchant-signature.js';
import { DISPLAY_ROUTES } from '../../shared/api.js';
import { clientKey } from './rate-limits.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ RATE_LIMITS: 'on' });
});
afterEach(() => h.close());

/** EXCHANGES_PER_CARD_PER_MINUTE's default (config.ts), which these tests run with */
const DEFAULT_PER_CARD = 120;

describe('rate limits (1009 with Retry-After)', () => {
  it('limits token exchanges per client IP', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 121; i++) {
      const res = await h.app.inject({
        ...exchangeRequest(h, { client_access_token: `cat_unknown_${i}` }),
        remoteAddress: '10.0.0.1',
      });
      codes.push(res.json().code);
      if (i === 120) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(codes.slice(0, 120).every((c) => c === 1014)).toBe(true);
    expect(codes[120]).toBe(1009);
    // another client is unaffected
    const other = await h.app.inject({ ...exchangeRequest(h, { client_access_token: 'cat_x' }), remoteAddress: '10.0.0.2' });
    expect(other.json().code).toBe(1014);
  });

  it('leaves no nonce behind for a request refused by the per-IP limit: a flood fills no store', async () => {
    for (let i = 0; i < 120; i++) {
      await h.app.inject({ ...exchangeRequest(h, { client_access_token: `cat_unknown_${i}` }), remoteAddress: '10.0.0.1' });
    }
    const nonce = 'n'.repeat(22);
    const refused = await h.app.inject({
      ...exchangeRequest(h, { client_access_token: 'cat_unknown_x' }, { 'X-Nonce': nonce }),
      remoteAddress: '10.0.0.1',
    });
    expect(refused.json().code).toBe(1009);
    // had the refused request stored its nonce, this one would be a replay (1017)
    const later = await h.app.inject({
      ...exchangeRequest(h, { client_access_token: 'cat_unknown_y' }, { 'X-Nonce': nonce }),
      remoteAddress: '10.0.0.2',
    });
    expect(later.json().code).toBe(1014);
  });

  it('counts an IPv6 client by its /64: rotating addresses inside it buys no fresh bucket', async () => {
    const from = (remoteAddress: string) =>
      h.app.inject({ ...exchangeRequest(h, { client_access_token: 'cat_unknown' }), remoteAddress });
    for (let i = 0; i < 120; i++) expect((await from(`2001:db8:1:2::${(i + 1).toString(16)}`)).json().code).toBe(1014);
    const rotated = await from('2001:db8:1:2:ffff:ffff:ffff:ffff');
    expect(rotated.json().code).toBe(1009);
    expect(Number(rotated.headers['retry-after'])).toBeGreaterThan(0);
    // the neighbouring /64 is another client
    expect((await from('2001:db8:1:3::1')).json().code).toBe(1014);
  });

  it('audits an exchange refused by a rate limit: the token is spent either way', async () => {
    let last = '';
    for (let i = 0; i <= DEFAULT_PER_CARD; i++) {
      last = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan'] });
      await h.app.inject({ ...exchangeRequest(h, { client_access_token: last }), remoteAddress: `10.3.0.${i}` });
    }
    const outcomes = (await h.stores.audit.list({})).filter((e) => e.action === 'exchange').map((e) => e.outcome);
    expect(outcomes.filter((o) => o === 1009)).toHaveLength(1);
    // the limit's minute over, the refused token is not good for a second try
    h.clock.now += 61_000;
    const again = await h.app.inject({ ...exchangeRequest(h, { client_access_token: last }), remoteAddress: '10.3.1.1' });
    expect(again.json().code).toBe(1014);
  });

  it('limits exchanges per card across many clients', async () => {
    const codes: number[] = [];
    for (let i = 0; i <= DEFAULT_PER_CARD; i++) {
      const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan'] });
      const res = await h.app.inject({ ...exchangeRequest(h, { client_access_token: token }), remoteAddress: `10.1.0.${i}` });
      codes.push(res.json().code);
    }
    expect(codes.slice(0, DEFAULT_PER_CARD).every((c) => c === 0)).toBe(true);
    expect(codes[DEFAULT_PER_CARD]).toBe(1009);
    // the physical card is not affected
    const token = await mintToken(h, { card_id: h.cards.physical, fields: ['pan'] });
    expect(
      (await h.app.inject({ ...exchangeRequest(h, { client_access_token: token }), remoteAddress: '10.2.0.1' })).json().code,
    ).toBe(0);
  });

  it('limits exchanges per merchant, and counts none the card limit refused against it', async () => {
    const small = await createHarness({
      RATE_LIMITS: 'on',
      EXCHANGES_PER_CARD_PER_MINUTE: '3',
      EXCHANGES_PER_MERCHANT_PER_MINUTE: '4',
    });
    try {
      const exchangeOf = async (card: string, i: number) => {
        const token = await mintToken(small, { card_id: card, fields: ['pan'] });
        const res = await small.app.inject({
          ...exchangeRequest(small, { client_access_token: token }),
          remoteAddress: `10.6.0.${i}`,
        });
        return res.json().code as number;
      };
      // a flood on one card: refused there after 3, the merchant's budget used 3 of 4
      const flood = [];
      for (let i = 0; i < 6; i++) flood.push(await exchangeOf(small.cards.virtual, i));
      expect(flood).toEqual([0, 0, 0, 1009, 1009, 1009]);
      // another cardholder's view still goes through, up to the merchant's own limit
      expect([await exchangeOf(small.cards.physical, 10), await exchangeOf(small.cards.physical, 11)]).toEqual([0, 1009]);
    } finally {
      await small.close();
    }
  });

  it('limits the merchant API per client IP, whatever key the caller presents', async () => {
    let last = 0;
    for (let i = 0; i < 601; i++) {
      // every other request carries a made-up key: varying the header buys no fresh bucket
      const creds = i % 2 ? { api_key: `ak_guess_${i}`, api_secret: 'x' } : h.merchant;
      const res = await h.app.inject({
        method: 'POST',
        url: MERCHANT_ROUTES.accessToken,
        headers: signedHeaders(h, creds, MERCHANT_ROUTES.accessToken),
      });
      last = res.json().code;
    }
    expect(last).toBe(1009);
    await expect(accessToken(h)).rejects.toThrow(/1009/);
  });
});

describe('the frame pages and the embed check, per client IP', () => {
  const page = (url: string, remoteAddress: string) =>
    h.app.inject({
      method: 'GET',
      url,
      headers: { 'Sec-Fetch-Dest': url.startsWith('/embed') ? 'iframe' : 'document' },
      remoteAddress,
    });

  it('gives /embed and /hosted one budget of 300 a minute, then the localized 1009 page as a 429', async () => {
    for (let i = 0; i < 300; i++) {
      const url = i % 2 ? '/hosted?locale=zh_CN' : `/embed?merchant_id=${h.merchant.merchant_id}&locale=zh_CN`;
      expect((await page(url, '10.5.0.1')).statusCode).not.toBe(429);
    }
    for (const url of ['/hosted?locale=zh_CN', `/embed?merchant_id=${h.merchant.merchant_id}&locale=zh_CN`]) {
      const refused = await page(url, '10.5.0.1');
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toContain('data-error-code="1009"');
      expect(refused.body).toContain('lang="zh-CN"');
      expect(refused.headers['cache-control']).toBe('no-store');
      expect(refused.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
    // another client's budget is whole (no frame build here: the 1001 page, a 503)
    expect((await page('/hosted', '10.5.0.2')).statusCode).toBe(503);
  });

  it('answers the 301st embed check 1009 with Retry-After, readable cross-origin', async () => {
    const check = (remoteAddress: string) =>
      h.app.inject({
        method: 'GET',
        url: `${DISPLAY_ROUTES.embedCheck}?merchant_id=${h.merchant.merchant_id}`,
        headers: { Origin: 'https://shop.example' },
        remoteAddress,
      });
    for (let i = 0; i < 300; i++) expect((await check('10.6.0.1')).json().code).toBe(0);
    const refused = await check('10.6.0.1');
    expect(refused.json()).toMatchObject({ code: 1009 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    expect(refused.headers['access-control-expose-headers']).toBe('Retry-After');
    expect((await check('10.6.0.2')).json().code).toBe(0);
  });

  it('limits no page with RATE_LIMITS=off', async () => {
    const off = await createHarness({ RATE_LIMITS: 'off' });
    try {
      for (let i = 0; i < 301; i++) {
        const res = await off.app.inject({ method: 'GET', url: '/hosted', headers: { 'Sec-Fetch-Dest': 'document' } });
        expect(res.statusCode).not.toBe(429);
      }
    } finally {
      await off.close();
    }
  });
});

const families: { name: string; open(): Promise<Harness> }[] = [
  { name: 'SQLite', open: () => createHarness({ RATE_LIMITS: 'on' }) },
  {
    name: 'Redis + PostgreSQL',
    async open() {
      const world = await scaledTestWorld();
      const scaled = await createHarness({ RATE_LIMITS: 'on' }, { stores: await world.open() });
      return { ...scaled, close: () => scaled.close().then(() => world.close()) };
    },
  },
];

describe.each(families)('the merchant API’s one budget per client IP: $name', ({ open }) => {
  let m: Harness;
  beforeAll(async () => {
    m = await open();
  });
  afterAll(() => m?.close());

  // A counter per route would let one client make 600 calls to each.
  it('refuses the 601st call across access-token and client-access-tokens with 1009 and Retry-After', async () => {
    const call = (i: number, remoteAddress = '10.8.0.1') =>
      i % 2
        ? m.app.inject({
            method: 'POST',
            url: MERCHANT_ROUTES.clientAccessTokens,
            headers: { 'Access-Token': 'mat_unknown' },
            remoteAddress,
          })
        : m.app.inject({
            method: 'POST',
            url: MERCHANT_ROUTES.accessToken,
            headers: signedHeaders(m, m.merchant, MERCHANT_ROUTES.accessToken),
            remoteAddress,
          });
    for (let i = 0; i < 600; i++) expect((await call(i)).json().code).not.toBe(1009);
    for (const i of [600, 601]) {
      const refused = await call(i);
      expect(refused.json().code).toBe(1009);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect((await call(0, '10.8.0.2')).json().code).toBe(0);
  });
});

describe('the client a per-IP limit counts', () => {
  it.each([
    ['two addresses in one /64 as one client', '2001:db8:1:2::1', '2001:db8:1:2:aaaa:bbbb:cccc:dddd'],
    ['an address however it is written', '2001:0DB8:0001:0002:0:0:0:1', '2001:db8:1:2::ffff'],
    ['an IPv4-mapped IPv6 address as its IPv4 address', '::ffff:192.0.2.7', '192.0.2.7'],
    ['the mapped form in hex as the same IPv4 address', '::ffff:c000:207', '192.0.2.7'],
  ])('counts %s', (_name, a, b) => {
    expect(clientKey(a)).toBe(clientKey(b));
  });

  it.each([
    ['neighbouring /64s', '2001:db8:1:2::1', '2001:db8:1:3::1'],
    ['/64s that differ only in their first group', '2001:db8::1', '2002:db8::1'],
    ['two IPv4 addresses', '192.0.2.7', '192.0.2.8'],
    ['an IPv4 address and a /64 that embeds it elsewhere', '192.0.2.7', '64:ff9b::192.0.2.7'],
  ])('tells apart %s', (_name, a, b) => {
    expect(clientKey(a)).not.toBe(clientKey(b));
  });

  it('names an IPv6 client by its /64 prefix', () => {
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});
