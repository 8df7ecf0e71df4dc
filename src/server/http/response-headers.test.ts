import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, displayHeaders, signedHeaders, type Harness } from '../testing/harness.js';
import { DISPLAY_ROUTES } from '../../shared/api.js';
import { MERCHANT_ROUTES } from '../../shared/merchant-signature.js';

/**
 * The security headers of every route, snapshotted: any change to them shows up in
 * review as a diff of this file's snapshot (in the spirit of PCI DSS 11.6.1, which
 * asks that changes to a payment page's headers be noticed).
 */
let dist: string;
let h: Harness;
beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'cardveil-headers-'));
  mkdirSync(join(dist, 'frame', 'assets'), { recursive: true });
  mkdirSync(join(dist, 'sdk'));
  writeFileSync(join(dist, 'frame', 'embed.html'), '<!doctype html><script type="module" src="/assets/a.js"></script>');
  writeFileSync(join(dist, 'frame', 'hosted.html'), '<!doctype html><script type="module" src="/assets/a.js"></script>');
  writeFileSync(join(dist, 'frame', 'assets', 'a.js'), 'export {};');
  writeFileSync(join(dist, 'sdk', 'cardveil.js'), 'var Cardveil={};');
  h = await createHarness({ FRAME_DIST: join(dist, 'frame'), SDK_DIST: join(dist, 'sdk') });
});
afterAll(async () => {
  await h.close();
  rmSync(dist, { recursive: true, force: true });
});

const VOLATILE = new Set(['date', 'etag', 'content-length', 'connection', 'keep-alive', 'transfer-encoding']);

function stable(headers: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([k]) => !VOLATILE.has(k))
      .map(([k, v]) => [k, String(v).replace(/'nonce-[^']+'/g, "'nonce-…'")])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}

describe('response headers of every route', () => {
  const routes: [string, () => Promise<{ headers: Record<string, unknown> }>][] = [
    ['GET /healthz', () => h.app.inject({ method: 'GET', url: '/healthz' })],
    [
      'POST access-token',
      () =>
        h.app.inject({
          method: 'POST',
          url: MERCHANT_ROUTES.accessToken,
          headers: signedHeaders(h, h.merchant, MERCHANT_ROUTES.accessToken),
        }),
    ],
    ['POST client-access-tokens', () => h.app.inject({ method: 'POST', url: MERCHANT_ROUTES.clientAccessTokens })],
    [
      'POST display sessions',
      () => h.app.inject({ method: 'POST', url: DISPLAY_ROUTES.sessions, headers: displayHeaders(h), payload: '{}' }),
    ],
    [
      'POST display events',
      () => h.app.inject({ method: 'POST', url: DISPLAY_ROUTES.events, headers: displayHeaders(h), payload: '{}' }),
    ],
    [
      'GET embed-check',
      () =>
        h.app.inject({
          method: 'GET',
          url: `${DISPLAY_ROUTES.embedCheck}?merchant_id=${h.merchant.merchant_id}`,
          headers: { Origin: 'https://shop.example' },
        }),
    ],
    [
      'GET /embed',
      () =>
        h.app.inject({
          method: 'GET',
          url: `/embed?merchant_id=${h.merchant.merchant_id}`,
          headers: { 'Sec-Fetch-Dest': 'iframe' },
        }),
    ],
    [
      'GET /embed refused (1018 page)',
      () => h.app.inject({ method: 'GET', url: '/embed', headers: { 'Sec-Fetch-Dest': 'document' } }),
    ],
    ['GET /hosted', () => h.app.inject({ method: 'GET', url: '/hosted', headers: { 'Sec-Fetch-Dest': 'document' } })],
    ['GET asset', () => h.app.inject({ method: 'GET', url: '/assets/a.js' })],
    ['GET SDK', () => h.app.inject({ method: 'GET', url: '/sdk/v1/cardveil.js' })],
    ['GET unknown route', () => h.app.inject({ method: 'GET', url: '/nope' })],
  ];

  it.each(routes)('%s', async (_name, request) => {
    expect(stable((await request()).headers)).toMatchSnapshot();
  });
});

describe('a URL that cannot be decoded', () => {
  // Fastify refuses it before routing, so none of our hooks run: it must still be our answer.
  it.each([
    ['en_US', 'path: Invalid request parameter'],
    ['zh_CN', 'path：请求参数无效'],
  ])('answers 1004 naming path in %s, with the headers of any API answer', async (language, msg) => {
    const url = `${DISPLAY_ROUTES.sessions}%`;
    const res = await h.app.inject({ method: 'POST', url, headers: { ...displayHeaders(h), Language: language }, payload: '{}' });
    expect(res.json()).toEqual({ code: 1004, msg });
    const apiAnswer = await h.app.inject({ method: 'POST', url: MERCHANT_ROUTES.clientAccessTokens });
    expect(stable(res.headers)).toEqual(stable(apiAnswer.headers));
    expect(res.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': expect.stringContaining("default-src 'none'"),
    });
  });
});
