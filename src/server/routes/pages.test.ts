import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness, SHOP, type Harness } from '../testing/harness.js';
import { Writable } from 'node:stream';
import { createSqliteStores } from '../stores/sqlite/index.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { DISPLAY_ROUTES } from '../../shared/api.js';
import { updateMerchant } from '../admin/commands.js';
import { COPY_1013, COPY_1015, COPY_FRAME_TIMEOUT, COPY_MERCHANT, COPY_SYSTEM } from '../../shared/state-copy.js';

let dist: string;
let h: Harness;
beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'cardveil-frame-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'embed.html'),
    '<!doctype html><html lang="en"><head><title>Card details</title><script type="module" src="/assets/app-abc.js"></script></head><div id="root"></div>',
  );
  writeFileSync(
    join(dist, 'hosted.html'),
    '<!doctype html><html lang="en"><head><title>Card details</title><script type="module" src="/assets/app-abc.js"></script></head><main id="root"></main></html>',
  );
  writeFileSync(join(dist, 'assets', 'app-abc.js'), 'export const frame = 1;\n'.repeat(40));
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));
beforeEach(async () => {
  h = await createHarness({ FRAME_DIST: dist });
});
afterEach(() => h.close());

const embed = (query: string, headers: Record<string, string> = { 'Sec-Fetch-Dest': 'iframe' }) =>
  h.app.inject({ method: 'GET', url: `/embed?${query}`, headers });

describe('GET /embed', () => {
  it('lets only the merchant’s whitelisted origins frame it', async () => {
    const res = await embed(`merchant_id=${h.merchant.merchant_id}&frame_id=abcdefgh12345678&locale=en_US`);
    expect(res.statusCode).toBe(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain(`frame-ancestors ${SHOP}`);
    for (const d of ["default-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
      expect(csp).toContain(d);
    }
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['permissions-policy']).toContain('clipboard-write=(self)');
    expect(res.headers['x-frame-options']).toBeUndefined();
  });

  it('puts a fresh nonce on its own tags and in its CSP, per response', async () => {
    const first = await embed(`merchant_id=${h.merchant.merchant_id}`);
    const second = await embed(`merchant_id=${h.merchant.merchant_id}`);
    const nonceOf = (csp: string) => /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    const n1 = nonceOf(first.headers['content-security-policy'] as string);
    const n2 = nonceOf(second.headers['content-security-policy'] as string);
    expect(n1).toBeTruthy();
    expect(n1).not.toBe(n2);
    expect(first.body).toContain(`<script nonce="${n1}" type="module"`);
    expect(second.body).toContain(`<script nonce="${n2}" type="module"`);
  });

  it.each([
    ['en_US', 'en-US', 'Card details'],
    ['zh_CN', 'zh-CN', '卡片信息'],
    ['fr_FR', 'en-US', 'Card details'], // not ours: the default
  ])('speaks the locale it was asked for from the first byte: lang and title (%s)', async (locale, lang, title) => {
    const res = await embed(`merchant_id=${h.merchant.merchant_id}&locale=${locale}`);
    expect(res.body).toContain(`<html lang="${lang}">`);
    expect(res.body).toContain(`<title>${title}</title>`);
  });

  it('follows changes to the whitelist at once', async () => {
    await updateMerchant(h.stores, h.merchant.merchant_id, { origins: ['https://new.example'] });
    const res = await embed(`merchant_id=${h.merchant.merchant_id}`);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors https:\/\/new\.example$/);
  });

  it('answers a localized 1018 page when not loaded as a frame', async () => {
    const res = await embed(`merchant_id=${h.merchant.merchant_id}&locale=zh_CN`, { 'Sec-Fetch-Dest': 'document' });
    expect(res.body).toContain('data-error-code="1018"');
    expect(res.body).toContain('请从商户处打开卡片');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['no fetch metadata', {}],
    ['opened as a page of its own', { 'Sec-Fetch-Dest': 'document' }],
  ])('answers a localized 1021 page for an unknown merchant, with %s', async (_, headers) => {
    const res = await embed('merchant_id=mch_unknown&locale=en_US', headers);
    expect(res.body).toContain('data-error-code="1021"');
    expect(res.body).toContain('Card details are unavailable');
  });

  it('answers a merchant id holding a NUL like an unknown one, without asking the store', async () => {
    const lookup = vi.spyOn(h.stores.merchants, 'get');
    const res = await embed(`merchant_id=${h.merchant.merchant_id}%00&locale=en_US`);
    expect(res.body).toContain('data-error-code="1021"');
    expect(lookup).not.toHaveBeenCalled();
  });
});

describe('GET /hosted', () => {
  it('can be framed by no one', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/hosted?locale=en_US', headers: { 'Sec-Fetch-Dest': 'document' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('answers 1018 when fetched or framed instead of opened', async () => {
    for (const dest of ['iframe', 'empty', 'script']) {
      const res = await h.app.inject({ method: 'GET', url: '/hosted', headers: { 'Sec-Fetch-Dest': dest } });
      expect(res.body).toContain('data-error-code="1018"');
    }
  });

  it('takes the token out of the address bar even where it answers with an error page, by the one script that page may run', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/hosted', headers: { 'Sec-Fetch-Dest': 'empty' } });
    const scripts = [...res.body.matchAll(/<script>([^<]*)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    // run as a browser would: the bar loses the fragment and a token in the query, and a later
    // fragment with a token brings the page back
    const listeners: Record<string, () => void> = {};
    const location = { pathname: '/hosted', search: '?token=tok_in_the_query_0001&locale=zh_CN', hash: '', reload: vi.fn() };
    const history = { replaceState: vi.fn() };
    new Function('history', 'location', 'addEventListener', scripts[0]!)(history, location, (type: string, f: () => void) => {
      listeners[type] = f;
    });
    expect(history.replaceState).toHaveBeenCalledExactlyOnceWith(null, '', '/hosted?locale=zh_CN');
    location.hash = '#locale=en_US';
    listeners.hashchange!();
    expect(location.reload).not.toHaveBeenCalled();
    location.hash = '#token=tok_abcdefghijklmnop&locale=en_US';
    listeners.hashchange!();
    expect(location.reload).toHaveBeenCalledOnce();
    // allowed by its own hash, and nothing else may run
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    expect(res.headers['content-security-policy']).toContain(`script-src 'sha256-${hash}';`);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('keeps the embed page’s error pages free of any script', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: `/embed?merchant_id=${h.merchant.merchant_id}`,
      headers: { 'Sec-Fetch-Dest': 'document' },
    });
    expect(res.body).toContain('data-error-code="1018"');
    expect(res.body).not.toContain('<script');
    expect(res.headers['content-security-policy']).not.toContain('script-src');
  });
});

/** The hosted app's own page, framed by no one, whose head names the state it is to show. */
function expectRefusedHostedApp(res: { body: string; headers: Record<string, unknown> }, refusal: string) {
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.body).toContain('<html lang="zh-CN">');
  // first in the head: the early script, which reads it to make no key, runs before the rest is parsed
  expect(res.body).toContain(`<head><meta name="cardveil-refusal" content="${refusal}"><title>`);
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(res.headers['content-security-policy'] as string)?.[1];
  expect(res.body).toContain(`<script nonce="${nonce}" type="module" src="/assets/app-abc.js">`);
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['cache-control']).toBe('no-store');
}

describe('a hosted load over the per-IP page limit', () => {
  it('gets the app, told to show 1009, as a 429 with Retry-After', async () => {
    const limited = await createHarness({ FRAME_DIST: dist, RATE_LIMITS: 'on' });
    const load = () =>
      limited.app.inject({ method: 'GET', url: '/hosted?locale=zh_CN', headers: { 'Sec-Fetch-Dest': 'document' } });
    try {
      for (let i = 0; i < 300; i++) expect((await load()).body).not.toContain('cardveil-refusal');
      const res = await load();
      expect(res.statusCode).toBe(429);
      const wait = Number(res.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      // the wait too, though a hosted page has no Retry to count it down on
      expectRefusedHostedApp(res, `1009;${wait}`);
    } finally {
      await limited.close();
    }
  });
});

describe('an embedded load over the per-IP page limit', () => {
  /** A server that allows 300 page loads a minute per client address, with that budget used up. */
  async function overLimit() {
    const limited = await createHarness({ FRAME_DIST: dist, RATE_LIMITS: 'on' });
    for (let i = 0; i < 300; i++) {
      const res = await limited.app.inject({ method: 'GET', url: '/embed?merchant_id=mch_unknown' });
      expect(res.statusCode).toBe(200);
    }
    return limited;
  }
  const load = (limited: Harness, query: string, dest = 'iframe') =>
    limited.app.inject({ method: 'GET', url: `/embed?${query}`, headers: { 'Sec-Fetch-Dest': dest } });

  it('gets the app inside its merchant’s page, told to show 1009 and how long to wait, as a 429', async () => {
    const limited = await overLimit();
    try {
      const res = await load(limited, `merchant_id=${limited.merchant.merchant_id}&frame_id=abcdefgh12345678&locale=zh_CN`);
      expect(res.statusCode).toBe(429);
      const wait = Number(res.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(res.body).toContain('<html lang="zh-CN">');
      expect(res.body).toContain(`<head><meta name="cardveil-refusal" content="1009;${wait}"><title>`);
      const csp = res.headers['content-security-policy'] as string;
      // the merchant's own parents may show it, as they may the working page, and no other
      expect(csp).toContain(`frame-ancestors ${SHOP}`);
      const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(res.body).toContain(`<script nonce="${nonce}" type="module" src="/assets/app-abc.js">`);
      expect(res.headers['cache-control']).toBe('no-store');
    } finally {
      await limited.close();
    }
  });

  it('gets the static 1009 page, which no parent shows, for a merchant there is not', async () => {
    const limited = await overLimit();
    try {
      const res = await load(limited, 'merchant_id=mch_unknown&locale=en_US');
      expect(res.statusCode).toBe(429);
      expect(res.body).toContain('data-error-code="1009"');
      expect(res.body).not.toContain('<script');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    } finally {
      await limited.close();
    }
  });

  it('past a second budget of 120 such refusals a minute, gets the static page, with no store read', async () => {
    const limited = await overLimit();
    const query = `merchant_id=${limited.merchant.merchant_id}&locale=en_US`;
    try {
      for (let i = 0; i < 120; i++) expect((await load(limited, query)).body).toContain('cardveil-refusal');
      const get = vi.spyOn(limited.stores.merchants, 'get');
      // also a load that claims nothing about where it stands (a client without Fetch Metadata)
      for (const res of [await load(limited, query), await limited.app.inject({ method: 'GET', url: `/embed?${query}` })]) {
        expect(res.statusCode).toBe(429);
        expect(res.body).toContain('data-error-code="1009"');
        expect(res.body).not.toContain('cardveil-refusal');
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      }
      expect(get).not.toHaveBeenCalled();
    } finally {
      await limited.close();
    }
  });

  it('reads no merchant for a load from outside any frame: a flood of those costs no store read', async () => {
    const limited = await overLimit();
    const get = vi.spyOn(limited.stores.merchants, 'get');
    try {
      const res = await load(limited, `merchant_id=${limited.merchant.merchant_id}&locale=en_US`, 'document');
      expect(res.statusCode).toBe(429);
      expect(res.body).toContain('data-error-code="1009"');
      expect(res.body).not.toContain('cardveil-refusal');
      expect(get).not.toHaveBeenCalled();
    } finally {
      await limited.close();
    }
  });
});

describe('a page whose limiter or store fails', () => {
  /** Redis as the rate limiter sees it when the server is down: every count fails. */
  const closed = (...args: unknown[]) => (args.at(-1) as (e: Error) => void)(new Error('Connection is closed.'));
  const downRedis = { rateLimit: closed, rateLimitRead: closed };

  it('answers /hosted with the app, told to show 1001, so that the cardholder can close it and the native app hears', async () => {
    const limited = await createHarness(
      { FRAME_DIST: dist, RATE_LIMITS: 'on' },
      { stores: { ...createSqliteStores(':memory:', randomBytes(32)), rateLimitRedis: downRedis as never } },
    );
    try {
      const res = await limited.app.inject({
        method: 'GET',
        url: '/hosted?locale=zh_CN',
        headers: { 'Sec-Fetch-Dest': 'document' },
      });
      expect(res.statusCode).toBe(503);
      expectRefusedHostedApp(res, '1001');
    } finally {
      await limited.close();
    }
  });

  it('answers /hosted the localized 1001 page when there is no app to serve, as a 503', async () => {
    const unbuilt = await createHarness({ FRAME_DIST: '/nonexistent' });
    try {
      const res = await unbuilt.app.inject({
        method: 'GET',
        url: '/hosted?locale=zh_CN',
        headers: { 'Sec-Fetch-Dest': 'document' },
      });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('data-error-code="1001"');
      expect(res.body).toContain('<html lang="zh-CN">');
      expect(res.body).toContain(`<h1>${COPY_SYSTEM.text.zh_CN.title}</h1>`);
      // the page has no Retry button, and its words name none
      expect(res.body).toContain(`<p>${COPY_SYSTEM.text.zh_CN.detailWithoutRetry}</p>`);
      // the token is unspent, and must leave the address bar all the same
      expect(res.body).toMatch(/<script>[^<]*history\.replaceState[^<]*<\/script>/);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    } finally {
      await unbuilt.close();
    }
  });

  // an operator who started the server without `npm run build` saw it ready and healthy, and no card anywhere
  it('says at start-up, naming the folder, when there is no frame or SDK build to serve', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = loadConfig({
      PUBLIC_ORIGIN: 'http://127.0.0.1:8787',
      FRAME_DIST: '/nonexistent/frame',
      SDK_DIST: '/nonexistent/sdk',
    });
    const app = await buildApp({ config, stores: createSqliteStores(':memory:', randomBytes(32)), logStream });
    try {
      const said = lines.map(
        (line) => JSON.parse(line) as { level: number; msg: string; frame_dist?: string; sdk_dist?: string },
      );
      expect(said.filter((l) => l.level === 50).map((l) => [l.msg, l.frame_dist ?? l.sdk_dist])).toEqual([
        ['no frame build there: /embed and /hosted answer 503 (npm run build)', '/nonexistent/frame'],
        ['no SDK build there: /sdk/v1/cardveil.js answers 404 (npm run build)', '/nonexistent/sdk'],
        ['no SDK build there: /sdk/v1/cardveil.mjs answers 404 (npm run build)', '/nonexistent/sdk'],
      ]);
    } finally {
      await app.close();
    }
  });

  it('answers /embed the localized 1001 page, not the API’s JSON, when the merchant cannot be read', async () => {
    h.stores.merchants.get = async () => {
      throw new Error('Connection terminated unexpectedly');
    };
    const res = await embed(`merchant_id=${h.merchant.merchant_id}&locale=en_US`);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('data-error-code="1001"');
    expect(res.body).toContain(`<h1>${COPY_SYSTEM.text.en_US.title}</h1>`);
    expect(res.body).not.toContain('<script');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('assets', () => {
  it('serves hashed assets immutable and precompressed', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/assets/app-abc.js', headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-encoding']).toBe('br');
  });
});

describe('GET embed-check', () => {
  const check = (origin: string | undefined, merchantId = h.merchant.merchant_id) =>
    h.app.inject({
      method: 'GET',
      url: `${DISPLAY_ROUTES.embedCheck}?merchant_id=${merchantId}&locale=zh_CN`,
      headers: origin ? { Origin: origin } : {},
    });

  const CODE_LABEL = { en_US: 'Error code ', zh_CN: '错误代码 ' };

  it('tells a whitelisted page it may embed, readable cross-origin, with the words the SDK may show', async () => {
    const res = await check(SHOP);
    expect(res.json()).toEqual({
      code: 0,
      msg: '成功',
      data: {
        allowed: true,
        title: { en_US: 'Card details', zh_CN: '卡片信息' },
        copy: { timeout: COPY_FRAME_TIMEOUT.text },
        code_label: CODE_LABEL,
      },
    });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('tells any other page 1015 in its language, with the cardholder’s copy in both', async () => {
    for (const origin of ['https://shop.example.evil.test', 'http://shop.example', 'null', undefined]) {
      expect((await check(origin)).json()).toEqual({
        code: 1015,
        msg: '父页面 Origin 不在白名单中',
        data: { copy: { 1015: COPY_1015.text }, code_label: CODE_LABEL },
      });
    }
  });

  it('answers 1021 for an unknown merchant, with the merchant copy', async () => {
    const body = (await check(SHOP, 'mch_nope')).json();
    expect(body.code).toBe(1021);
    expect(body.data.copy).toEqual({ 1021: COPY_MERCHANT.text });
  });

  it('answers a merchant id holding a NUL like an unknown one, without asking the store', async () => {
    const lookup = vi.spyOn(h.stores.merchants, 'get');
    expect((await check(SHOP, `${h.merchant.merchant_id}%00`)).json().code).toBe(1021);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('answers 1013 when PCI display is off for the merchant', async () => {
    await updateMerchant(h.stores, h.merchant.merchant_id, { pciDisplay: false });
    const body = (await check(SHOP)).json();
    expect(body.code).toBe(1013);
    expect(body.data.copy).toEqual({ 1013: COPY_1013.text });
  });
});

describe('GET /healthz', () => {
  it('answers ok once the store is ready', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toEqual({ code: 0, msg: 'Success', data: { status: 'ok' } });
  });
});
