import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, displayHeaders, type Harness } from '../testing/harness.js';
import { DISPLAY_ROUTES } from '../../shared/api.js';
import { MERCHANT_ROUTES } from '../../shared/merchant-signature.js';
import { API_HEADERS } from './security-headers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const lowercased = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

describe('the API headers follow the route that answered, not the URL as written', () => {
  // Fastify decodes the path before routing: `/%61pi/…` reaches the `/api/…` route.
  it.each([
    ['the exchange', `/%61pi${DISPLAY_ROUTES.sessions.slice('/api'.length)}`, DISPLAY_ROUTES.sessions],
    ['the mint', `/%61pi${MERCHANT_ROUTES.clientAccessTokens.slice('/api'.length)}`, MERCHANT_ROUTES.clientAccessTokens],
    ['the access-token route', MERCHANT_ROUTES.accessToken.replace('/api/', '/ap%69/'), MERCHANT_ROUTES.accessToken],
  ])('gives %s reached through an encoded path the API headers', async (_name, encoded, plain) => {
    const res = await h.app.inject({ method: 'POST', url: encoded, headers: displayHeaders(h), payload: '{}' });
    const direct = await h.app.inject({ method: 'POST', url: plain, headers: displayHeaders(h), payload: '{}' });
    expect(res.json().code).toBe(direct.json().code);
    expect(res.headers).toMatchObject(lowercased(API_HEADERS));
  });

  it.each([
    ['an unknown path', '/nope'],
    ['an unknown API path written encoded', '/%61pi/v1/nope'],
  ])('gives %s, which no route answers, the API headers', async (_name, url) => {
    const res = await h.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.headers).toMatchObject(lowercased(API_HEADERS));
  });

  it('leaves a page its own framing rules', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: `/embed?merchant_id=${h.merchant.merchant_id}`,
      headers: { 'Sec-Fetch-Dest': 'iframe' },
    });
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).not.toBe(API_HEADERS['Content-Security-Policy']);
  });
});

describe('Strict-Transport-Security', () => {
  const routes = [
    ['GET', '/healthz'],
    ['GET', '/embed'],
    ['GET', '/hosted'],
    ['POST', DISPLAY_ROUTES.sessions],
    ['POST', MERCHANT_ROUTES.accessToken],
    ['GET', '/nope'],
  ] as const;

  it('is on every answer when the public origin is https, for two years and subdomains', async () => {
    const secure = await createHarness({ PUBLIC_ORIGIN: 'https://cards.example' });
    try {
      for (const [method, url] of routes) {
        const res = await secure.app.inject({ method, url });
        expect(res.headers['strict-transport-security'], `${method} ${url}`).toBe('max-age=63072000; includeSubDomains');
      }
    } finally {
      await secure.close();
    }
  });

  it('is not sent when the public origin is http (RFC 6797: a browser ignores it there)', async () => {
    for (const [method, url] of routes) {
      const res = await h.app.inject({ method, url });
      expect(res.headers['strict-transport-security'], `${method} ${url}`).toBeUndefined();
    }
  });
});
