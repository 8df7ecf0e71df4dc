import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { MERCHANT_ROUTES, SIGNATURE_HEADERS, signingString } from '../../shared/merchant-signature.js';
import { createMerchantClient, requestAccessToken, type MintRequest } from './merchant-client.js';
import { createFakeDisplay } from './testing/fake-display.js';

const CREDS = { api_key: 'key_demo', api_secret: 'secret_demo' };
const VIEW: MintRequest = {
  card_id: 'card_1',
  fields: ['pan'],
  mode: 'embed',
  parent_origin: 'http://shop.test',
  locale: 'en_US',
};

function setup() {
  const display = createFakeDisplay();
  return { display, client: createMerchantClient(display.origin, CREDS, { fetch: display.fetch }) };
}

describe('requestAccessToken', () => {
  it('signs the request with the API secret over the signing string', async () => {
    const fetch = vi.fn(async (..._args: Parameters<typeof globalThis.fetch>) =>
      Response.json({ code: 0, msg: 'Success', data: { access_token: 'mat_1', expires_in: 7200 } }),
    );
    expect(await requestAccessToken('http://display.test', CREDS, fetch)).toEqual({ token: 'mat_1', expiresIn: 7200 });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(`http://display.test${MERCHANT_ROUTES.accessToken}`);
    const headers = new Headers(init?.headers);
    const expected = createHmac('sha256', CREDS.api_secret)
      .update(
        signingString(
          headers.get(SIGNATURE_HEADERS.timestamp)!,
          headers.get(SIGNATURE_HEADERS.nonce)!,
          'POST',
          MERCHANT_ROUTES.accessToken,
          createHash('sha256').update('').digest('hex'),
        ),
      )
      .digest('hex');
    expect(headers.get(SIGNATURE_HEADERS.apiKey)).toBe(CREDS.api_key);
    expect(headers.get(SIGNATURE_HEADERS.signature)).toBe(expected);
  });

  it('raises the platform’s refusal with its code', async () => {
    const display = createFakeDisplay();
    display.refuseAccessTokens({ code: 1008, msg: 'Api-Key does not exist' });
    await expect(requestAccessToken(display.origin, CREDS, display.fetch)).rejects.toMatchObject({
      code: 1008,
      reason: 'access_token_refused',
      detail: 'Api-Key does not exist',
    });
  });
});

describe('the merchant client', () => {
  it('buys one Access-Token and presents it for every mint', async () => {
    const { display, client } = setup();
    expect((await client.mint(VIEW)).code).toBe(0);
    expect((await client.mint(VIEW)).code).toBe(0);
    expect(display.issued()).toBe(1);
    expect(display.mints()).toEqual(['mat_1', 'mat_1']);
  });

  it('after the platform forgets its Access-Tokens (Redis restarted empty), buys a new one and the view works', async () => {
    const { display, client } = setup();
    await client.mint(VIEW);
    display.forgetAccessTokens();
    const result = await client.mint(VIEW);
    expect(result.code).toBe(0);
    expect(display.mints()).toEqual(['mat_1', 'mat_1', 'mat_2']);
    // and the new token is the one cached from then on
    await client.mint(VIEW);
    expect(display.mints().at(-1)).toBe('mat_2');
  });

  it.each([
    [1006, 'Access-Token is required'],
    [1007, 'Access-Token invalid or expired'],
  ])('drops the cached Access-Token on %i, buys a new one and retries the mint once', async (code, msg) => {
    const { display, client } = setup();
    await client.mint(VIEW);
    display.answerNextMints({ code, msg });
    expect((await client.mint(VIEW)).code).toBe(0);
    expect(display.issued()).toBe(2);
    expect(display.mints()).toEqual(['mat_1', 'mat_1', 'mat_2']);
  });

  it('retries only once: a platform that keeps refusing gets two mints, and the caller its 1007, as its own failure', async () => {
    const { display, client } = setup();
    const refusal = { code: 1007, msg: 'Access-Token invalid or expired' };
    display.answerNextMints(refusal, refusal);
    // a reason: the backend's credentials, which the demo's routes keep from the page
    expect(await client.mint(VIEW)).toEqual({ ...refusal, reason: 'access_token_refused' });
    expect(display.mints()).toHaveLength(2);
    expect(display.issued()).toBe(2);
  });

  it('keeps the Access-Token and does not retry on a refusal about the card', async () => {
    const { display, client } = setup();
    display.answerNextMints({ code: 4004, msg: 'Card does not exist' });
    expect((await client.mint(VIEW)).code).toBe(4004);
    await client.mint(VIEW);
    expect(display.mints()).toEqual(['mat_1', 'mat_1']);
    expect(display.issued()).toBe(1);
  });

  it('shares one new Access-Token among concurrent mints that all meet a 1007', async () => {
    const { display, client } = setup();
    await client.mint(VIEW);
    display.forgetAccessTokens();
    const results = await Promise.all([client.mint(VIEW), client.mint(VIEW), client.mint(VIEW)]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(display.issued()).toBe(2);
  });

  it('returns a refused Access-Token request as {code, msg, reason}, without throwing or minting', async () => {
    const { display, client } = setup();
    display.refuseAccessTokens({ code: 1008, msg: 'Api-Key does not exist' });
    expect(await client.mint(VIEW)).toEqual({ code: 1008, msg: 'Api-Key does not exist', reason: 'access_token_refused' });
    expect(display.mints()).toEqual([]);
  });

  it('returns 1001 display_unreachable, in the caller’s language, when the display server cannot be reached', async () => {
    const display = createFakeDisplay();
    const client = createMerchantClient('http://down.test', CREDS, { fetch: display.fetch });
    expect(await client.mint({ ...VIEW, locale: 'zh_CN' })).toEqual({
      code: 1001,
      msg: '系统错误，请稍后重试',
      reason: 'display_unreachable',
    });
  });

  it('returns 1001 bad_response for an answer that is not JSON', async () => {
    const fetch = async () => new Response('<h1>Bad gateway</h1>', { status: 502 });
    const client = createMerchantClient('http://display.test', CREDS, { fetch });
    expect(await client.mint(VIEW)).toEqual({ code: 1001, msg: 'System error, please try again later', reason: 'bad_response' });
  });
});

describe('a platform that never answers', () => {
  /** A fetch that hangs until its signal gives up, as Node's does against a silent server. */
  const hanging = vi.fn(
    (_url: Parameters<typeof fetch>[0], init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
  );

  it('is given up on after the client’s limit, and reported unreachable, not waited on for minutes', async () => {
    const client = createMerchantClient('http://display.test', CREDS, { fetch: hanging, timeoutMs: 50 });
    expect(await client.mint(VIEW)).toMatchObject({ code: 1001, reason: 'display_unreachable' });
    expect(hanging).toHaveBeenCalled();
  });
});
