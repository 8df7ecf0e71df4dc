import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CARD_VIEWS_PER_MINUTE, createDemoApp } from './demo-app.js';
import { createMerchantClient, type MerchantClient, type MintResult } from './merchant-client.js';
import { createFakeDisplay } from './testing/fake-display.js';

const PAGE = 'http://127.0.0.1:8788';
const CREDS = {
  merchant_id: 'mch_demo',
  api_key: 'key_demo',
  api_secret: 'secret_demo',
  cards: [
    { card_id: 'card_physical', label: 'Visa', type: 'physical' as const, last4: '5556' },
    { card_id: 'card_virtual', label: 'Mastercard', type: 'virtual' as const, last4: '4444' },
  ],
};
const MINTED: MintResult = {
  code: 0,
  msg: 'Success',
  data: { client_access_token: 'cat_1', expires_at: '2030-01-01T00:00:00Z' },
};

let app: FastifyInstance;
afterEach(() => app?.close());

function start(merchant: Pick<MerchantClient, 'mint'> = { mint: vi.fn(async () => MINTED) }) {
  app = createDemoApp({
    creds: CREDS,
    displayOrigin: 'http://display.test',
    pageOrigins: [PAGE, 'http://localhost:8788'],
    dist: '/nonexistent',
    merchant,
  });
  return merchant;
}

/** Opens the demo page, as a browser does first, and returns the session cookie it set. */
async function signIn(): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/' });
  return String(res.headers['set-cookie']).split(';')[0]!;
}

async function askForToken(body: object | string, headers: Record<string, string | undefined> = {}) {
  const cookie = 'cookie' in headers ? headers.cookie : await signIn();
  const all = { origin: PAGE, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', ...headers, cookie };
  return app.inject({
    method: 'POST',
    url: '/api/card-view-token',
    headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string>,
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const PHYSICAL_VIEW = { card_id: 'card_physical', fields: ['pan', 'expiry', 'cvv', 'pin'], locale: 'en_US' };

describe('the demo pages', () => {
  it('sign a new visitor in as the demo cardholder and list that cardholder’s cards', async () => {
    start();
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.headers['set-cookie']).toMatch(/^demo_session=.+; Path=\/; HttpOnly; SameSite=Strict/);
    expect(res.body).toContain('value="card_physical"');
    expect(res.body).toContain('value="card_virtual"');
  });

  it('keep a signed-in visitor’s session', async () => {
    start();
    const cookie = await signIn();
    const res = await app.inject({ method: 'GET', url: '/react', headers: { cookie } });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toContain('data-card-id="card_physical"');
  });
});

describe('POST /api/card-view-token', () => {
  it('mints for the signed-in cardholder’s own card, bound to the page’s origin', async () => {
    const merchant = start();
    const res = await askForToken(PHYSICAL_VIEW);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual(MINTED);
    expect(merchant.mint).toHaveBeenCalledWith({
      card_id: 'card_physical',
      fields: ['pan', 'expiry', 'cvv', 'pin'],
      mode: 'embed',
      locale: 'en_US',
      parent_origin: PAGE,
    });
  });

  it('mints no hosted view for page script: a hosted URL shows the card in any browser (1004)', async () => {
    const merchant = start();
    const res = await askForToken({ card_id: 'card_virtual', fields: ['pan'], locale: 'zh_CN', mode: 'hosted' });
    expect([res.statusCode, res.json()]).toMatchObject([400, { code: 1004, reason: 'bad_request' }]);
    expect(merchant.mint).not.toHaveBeenCalled();
  });

  it.each([
    [
      'a card that is not the cardholder’s',
      { ...PHYSICAL_VIEW, card_id: 'card_of_another_cardholder' },
      {},
      403,
      4004,
      'not_your_card',
    ],
    ['the PIN of a virtual card', { ...PHYSICAL_VIEW, card_id: 'card_virtual' }, {}, 403, 1004, 'field_not_allowed'],
    ['a caller that is not signed in', PHYSICAL_VIEW, { cookie: undefined }, 401, 2002, 'signed_out'],
    ['a forged session', PHYSICAL_VIEW, { cookie: 'demo_session=ch_demo.99999999999999.AAAA' }, 401, 2002, 'signed_out'],
    ['a request without Origin', PHYSICAL_VIEW, { origin: undefined }, 403, 1015, 'cross_site'],
    ['another site’s page', PHYSICAL_VIEW, { origin: 'https://evil.example' }, 403, 1015, 'cross_site'],
    ['a cross-site fetch', PHYSICAL_VIEW, { 'sec-fetch-site': 'cross-site' }, 403, 1015, 'cross_site'],
    ['a body that is not a view request', { card_id: 'card_physical', fields: ['balance'] }, {}, 400, 1004, 'bad_request'],
    ['a body that is not JSON', '{"card_id":', {}, 400, 1004, 'bad_request'],
  ])('refuses %s, and mints nothing', async (_name, body, headers, status, code, reason) => {
    const merchant = start();
    const res = await askForToken(body, headers);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code, reason });
    expect(merchant.mint).not.toHaveBeenCalled();
  });

  it('tells the page which detail it may not see, in the page’s language', async () => {
    start();
    const res = await askForToken({ ...PHYSICAL_VIEW, card_id: 'card_virtual', locale: 'zh_CN' });
    expect(res.json()).toEqual({ code: 1004, msg: 'pin：无法向您显示该卡片的这项信息', reason: 'field_not_allowed' });
  });

  it.each(['en_US', 'zh_CN'] as const)(
    'answers a failed Access-Token request with 1001 in the page’s language, never the key’s state (%s)',
    async (locale) => {
      const failure: MintResult = { code: 1008, msg: 'Api-Key does not exist', reason: 'access_token_refused' };
      start({ mint: vi.fn(async () => failure) });
      const res = await askForToken({ ...PHYSICAL_VIEW, locale });
      expect(res.statusCode).toBe(502);
      expect(res.json()).toEqual({
        code: 1001,
        msg: locale === 'zh_CN' ? '系统错误，请稍后重试' : 'System error, please try again later',
        reason: 'unminted',
      });
    },
  );

  it('passes the platform’s refusal of the view on as it came (its words are the cardholder’s)', async () => {
    const frozen: MintResult = { code: 4005, msg: 'Card status does not allow this operation' };
    start({ mint: vi.fn(async () => frozen) });
    const res = await askForToken(PHYSICAL_VIEW);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(frozen);
  });

  it('answers a fault with 1001 and nothing of the error', async () => {
    start({
      mint: vi.fn(async () => {
        throw new Error('internal detail');
      }),
    });
    const res = await askForToken(PHYSICAL_VIEW);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 1001, msg: 'System error, please try again later', reason: 'fault' });
  });

  it('refuses a cardholder’s views past the minute’s budget with 1009 and Retry-After, in the page’s language, and mints no more', async () => {
    const merchant = start();
    const cookie = await signIn();
    for (let i = 0; i < CARD_VIEWS_PER_MINUTE; i++) expect((await askForToken(PHYSICAL_VIEW, { cookie })).statusCode).toBe(200);
    const res = await askForToken({ ...PHYSICAL_VIEW, locale: 'zh_CN' }, { cookie });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toEqual({ code: 1009, msg: '操作过于频繁，请稍后再试', reason: 'too_many' });
    expect(merchant.mint).toHaveBeenCalledTimes(CARD_VIEWS_PER_MINUTE);
    // the same cardholder on another device (another address) has views of its own
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/card-view-token',
      remoteAddress: '192.0.2.7',
      headers: { origin: PAGE, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', cookie },
      payload: JSON.stringify(PHYSICAL_VIEW),
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('still shows a card after the display server forgets its Access-Tokens', async () => {
    const display = createFakeDisplay();
    start(createMerchantClient(display.origin, CREDS, { fetch: display.fetch }));
    expect((await askForToken(PHYSICAL_VIEW)).json().code).toBe(0);
    display.forgetAccessTokens();
    expect((await askForToken(PHYSICAL_VIEW)).json().code).toBe(0);
  });
});

describe('POST /card-view/hosted (the phone’s window, sent by a form)', () => {
  const HOSTED: MintResult = {
    code: 0,
    msg: 'Success',
    data: { ...MINTED.data!, hosted_url: 'http://display.test/hosted#token=cat_1&locale=zh_CN' },
  };

  async function postForm(form: string, headers: Record<string, string | undefined> = {}) {
    const cookie = 'cookie' in headers ? headers.cookie : await signIn();
    const all = {
      origin: PAGE,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
      cookie,
    };
    return app.inject({
      method: 'POST',
      url: '/card-view/hosted',
      headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string>,
      payload: form,
    });
  }

  it('mints a hosted view with no parent origin and sends the window on to it, the URL never in a body', async () => {
    const merchant = start({ mint: vi.fn(async () => HOSTED) });
    const res = await postForm('card_id=card_virtual&fields=cvv&fields=pan&locale=zh_CN');
    expect(merchant.mint).toHaveBeenCalledWith({
      card_id: 'card_virtual',
      fields: ['pan', 'cvv'],
      mode: 'hosted',
      locale: 'zh_CN',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(HOSTED.data!.hosted_url);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).toBe('');
  });

  it.each([
    ['another site’s page', 'card_id=card_virtual&fields=pan', { origin: 'https://evil.example' }, 403, 1015],
    ['a card that is not the cardholder’s', 'card_id=card_of_another&fields=pan', {}, 403, 4004],
    ['a caller that is not signed in', 'card_id=card_virtual&fields=pan', { cookie: undefined }, 401, 2002],
    ['no field', 'card_id=card_virtual', {}, 400, 1004],
  ])('refuses %s with a page for the window, and mints nothing', async (_name, form, headers, status, code) => {
    const merchant = start();
    const res = await postForm(form, headers);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'");
    expect(res.body).toContain(`<p data-code="${code}">`);
    expect(merchant.mint).not.toHaveBeenCalled();
  });

  it.each([
    [4005, '当前卡片状态不允许此操作', 403],
    [1013, '未开通 PCI 敏感卡信息展示', 403],
    [1009, '操作过于频繁，请稍后再试', 429],
  ])('shows the platform’s refusal %i in the window, in its words, not as a system error', async (code, msg, status) => {
    start({ mint: vi.fn(async () => ({ code, msg }) as MintResult) });
    const res = await postForm('card_id=card_virtual&fields=pan&locale=zh_CN');
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain(`<p data-code="${code}">${msg}</p>`);
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).not.toContain('系统错误');
  });

  it('shows a platform fault (1001) as the system error it is, with a 502', async () => {
    start({ mint: vi.fn(async () => ({ code: 1001, msg: '系统错误，请稍后重试' }) as MintResult) });
    const res = await postForm('card_id=card_virtual&fields=pan&locale=zh_CN');
    expect(res.statusCode).toBe(502);
    expect(res.body).toContain('<p data-code="1001">系统错误，请稍后重试</p>');
  });

  it('answers a failed mint with a page, never the platform’s answer', async () => {
    start({
      mint: vi.fn(async () => ({ code: 1008, msg: 'Api-Key does not exist', reason: 'access_token_refused' }) as MintResult),
    });
    const res = await postForm('card_id=card_virtual&fields=pan&locale=en_US');
    expect(res.statusCode).toBe(502);
    expect(res.body).toContain('System error, please try again later');
    expect(res.body).not.toContain('Api-Key');
  });
});
