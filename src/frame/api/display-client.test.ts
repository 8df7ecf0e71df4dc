import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExchangeRequest } from '../../shared/api.js';
import { DisplayFailure } from './display-failure.js';
import {
  callDisplayApi,
  displayHeaders,
  exchangeSession,
  flushDisplayEvents,
  randomNonce,
  sendDisplayEvent,
} from './display-client.js';
import { resetServerClock } from './server-clock.js';

const request: ExchangeRequest = {
  client_access_token: 'tok_abcdefghijklmnop',
  mode: 'embed',
  parent_origin: 'https://shop.example',
  public_key: 'MIIB',
};

/** The frame's clock, held still: nothing here depends on when the tests run. */
const NOW = Date.parse('2030-01-02T03:04:05.000Z');

const data = {
  session_id: 'ses_1',
  expires_at: new Date(NOW + 300_000).toISOString(),
  fields: ['pan', 'cvv'],
  card: { brand: 'visa', last4: '4242', type: 'virtual' },
  envelopes: {},
};

function answer(body: unknown, headers: Record<string, string> = {}) {
  const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(body), { headers }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function failure(promise: Promise<unknown>): Promise<DisplayFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DisplayFailure);
  return error as DisplayFailure;
}

beforeEach(() => {
  // Date only: the fetch stubs and vi.waitFor keep their real timers
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  resetServerClock(); // each test a fresh page, on the device's clock
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the display client', () => {
  it('makes a fresh 16-byte base64url nonce each time', () => {
    const a = randomNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomNonce()).not.toBe(a);
  });

  it('sends language, nonce and a millisecond timestamp', () => {
    const headers = displayHeaders('zh_CN');
    expect(headers).toMatchObject({ 'Content-Type': 'application/json', Language: 'zh_CN' });
    expect(headers['X-Timestamp']).toBe(String(NOW));
  });

  it('posts the exchange to the same origin and returns the session', async () => {
    const fetchMock = answer({ code: 0, msg: 'Success', data });
    const result = await exchangeSession(request, 'en_US');
    expect(result.data).toEqual(data);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/pci/display/sessions');
    expect(init).toMatchObject({ method: 'POST', mode: 'same-origin', redirect: 'error' });
    expect(JSON.parse(init.body as string)).toEqual(request);
  });

  it('measures how far the server clock is ahead from its Date header', async () => {
    answer({ code: 0, msg: 'Success', data }, { Date: new Date(NOW + 600_000).toUTCString() });
    const { clockOffsetMs } = await exchangeSession(request, 'en_US');
    expect(clockOffsetMs).toBe(600_000);
  });

  it('measures a server clock behind ours as a negative offset', async () => {
    answer({ code: 0, msg: 'Success', data }, { Date: new Date(NOW - 90_000).toUTCString() });
    expect((await exchangeSession(request, 'en_US')).clockOffsetMs).toBe(-90_000);
  });

  it('measures none without a Date header', async () => {
    answer({ code: 0, msg: 'Success', data });
    expect((await exchangeSession(request, 'en_US')).clockOffsetMs).toBe(0);
  });

  describe('on a device whose clock is an hour slow', () => {
    const SERVER_NOW = NOW + 3_600_000;
    const refused = () =>
      new Response(JSON.stringify({ code: 1005, msg: 'Timestamp invalid or expired' }), {
        headers: { Date: new Date(SERVER_NOW).toUTCString() },
      });
    const sent = (fetchMock: ReturnType<typeof vi.fn>, i: number) => fetchMock.mock.calls[i]![1] as RequestInit;
    const stamp = (init: RequestInit) => (init.headers as Record<string, string>)['X-Timestamp'];
    const nonce = (init: RequestInit) => (init.headers as Record<string, string>)['X-Nonce'];

    it('sends a refused exchange again once, on the server’s clock, with a fresh nonce', async () => {
      const fetchMock = vi
        .fn()
        .mockResolvedValueOnce(refused())
        .mockResolvedValueOnce(new Response(JSON.stringify({ code: 0, msg: 'Success', data })));
      vi.stubGlobal('fetch', fetchMock);
      const result = await exchangeSession(request, 'en_US');
      expect(result).toEqual({ data, clockOffsetMs: 3_600_000 });
      expect(fetchMock).toHaveBeenCalledTimes(2);
      expect(stamp(sent(fetchMock, 0))).toBe(String(NOW));
      expect(stamp(sent(fetchMock, 1))).toBe(String(SERVER_NOW));
      expect(nonce(sent(fetchMock, 1))).not.toBe(nonce(sent(fetchMock, 0)));
      expect(sent(fetchMock, 1).body).toBe(sent(fetchMock, 0).body);
    });

    it('stamps every later call on that clock: audit events and transactions', async () => {
      const fetchMock = vi
        .fn()
        .mockResolvedValueOnce(refused())
        .mockResolvedValueOnce(new Response(JSON.stringify({ code: 0, msg: 'Success', data })))
        .mockResolvedValue(new Response('{}'));
      vi.stubGlobal('fetch', fetchMock);
      await exchangeSession(request, 'en_US');
      sendDisplayEvent({ session_id: 'ses_1', event: 'reveal', field: 'pan' }, 'en_US');
      flushDisplayEvents();
      await callDisplayApi('/api/v1/pci/display/transactions', {}, 'en_US', (_d): _d is unknown => true).catch(() => undefined);
      expect(stamp(sent(fetchMock, 2))).toBe(String(SERVER_NOW));
      expect(stamp(sent(fetchMock, 3))).toBe(String(SERVER_NOW));
    });

    it('settles on 1005 when the corrected request is refused too, without a third', async () => {
      const fetchMock = vi.fn(async () => refused());
      vi.stubGlobal('fetch', fetchMock);
      expect(await failure(exchangeSession(request, 'en_US'))).toMatchObject({ code: 1005 });
      expect(fetchMock).toHaveBeenCalledTimes(2);
    });

    it('does not send again when the refusal says nothing of the server’s time', async () => {
      const fetchMock = answer({ code: 1005, msg: 'Timestamp invalid or expired' });
      expect(await failure(exchangeSession(request, 'en_US'))).toMatchObject({ code: 1005 });
      expect(fetchMock).toHaveBeenCalledOnce();
    });
  });

  it('turns a non-zero code into that code', async () => {
    answer({ code: 1014, msg: 'Client-Access-Token invalid or already used' });
    expect(await failure(exchangeSession(request, 'en_US'))).toMatchObject({ code: 1014, reason: undefined });
  });

  it('keeps a 1009’s Retry-After in whole seconds, at most an hour', async () => {
    const rateLimited = { code: 1009, msg: 'Operation too frequent, please try again later' };
    answer(rateLimited, { 'Retry-After': '42' });
    expect(await failure(exchangeSession(request, 'en_US'))).toMatchObject({ code: 1009, retryAfter: 42 });
    answer(rateLimited, { 'Retry-After': '86400' });
    expect((await failure(exchangeSession(request, 'en_US'))).retryAfter).toBe(3600);
    for (const junk of ['0', 'Wed, 21 Oct 2037 07:28:00 GMT', '-5', '1.5', '']) {
      answer(rateLimited, { 'Retry-After': junk });
      expect((await failure(exchangeSession(request, 'en_US'))).retryAfter, junk).toBeUndefined();
    }
    // only a 1009's wait is a wait: another refusal carrying the header is that refusal alone
    answer({ code: 1014, msg: 'Client-Access-Token invalid or already used' }, { 'Retry-After': '42' });
    expect((await failure(exchangeSession(request, 'en_US'))).retryAfter).toBeUndefined();
  });

  it('turns a failed fetch into 1001 network', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    expect(await failure(exchangeSession(request, 'en_US'))).toMatchObject({ code: 1001, reason: 'network' });
  });

  it.each([
    ['a body that is not JSON', 'not json'],
    ['success without data', { code: 0, msg: 'Success' }],
    ['a card without last4', { code: 0, msg: 'Success', data: { ...data, card: { brand: 'visa', type: 'virtual' } } }],
    ['an unknown field', { code: 0, msg: 'Success', data: { ...data, fields: ['pan', 'ssn'] } }],
  ])('turns %s into 1001 bad_response', async (_name, body) => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body))),
    );
    expect(await failure(exchangeSession(request, 'en_US'))).toMatchObject({ code: 1001, reason: 'bad_response' });
  });

  it('fires audit events without waiting and swallows their failures', async () => {
    const fetchMock = vi.fn().mockRejectedValue(new TypeError('offline'));
    vi.stubGlobal('fetch', fetchMock);
    expect(sendDisplayEvent({ session_id: 'ses_1', event: 'reveal', field: 'pan' }, 'en_US')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/pci/display/events');
    expect(JSON.parse(init.body)).toEqual({ session_id: 'ses_1', event: 'reveal', field: 'pan' });
    expect(init.keepalive).toBe(true);
  });

  it('sends audit events in a task after the one that made them, each once the one before is answered, or at once when flushed', async () => {
    const answers: (() => void)[] = [];
    const fetchMock = vi.fn(
      (_url: string, _init: RequestInit) =>
        new Promise<Response>((resolve) => answers.push(() => resolve(new Response('{"code":0,"msg":"Success"}')))),
    );
    vi.stubGlobal('fetch', fetchMock);
    const sentEvents = () =>
      fetchMock.mock.calls.map(([, init]) => {
        const { event, field } = JSON.parse(init.body as string) as { event: string; field: string };
        return `${event} ${field}`;
      });
    sendDisplayEvent({ session_id: 'ses_1', event: 'reveal', field: 'pan' }, 'en_US');
    sendDisplayEvent({ session_id: 'ses_1', event: 'hide', field: 'pan' }, 'en_US');
    await Promise.resolve();
    expect(fetchMock).not.toHaveBeenCalled(); // not in the click's task, nor its microtasks
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sentEvents()).toEqual(['reveal pan']);
    answers.shift()!();
    await vi.waitFor(() => expect(sentEvents()).toEqual(['reveal pan', 'hide pan']));
    // pagehide: what waits goes now, not waiting for the hide's answer, and the timer finds nothing left
    sendDisplayEvent({ session_id: 'ses_1', event: 'reveal', field: 'cvv' }, 'en_US');
    sendDisplayEvent({ session_id: 'ses_1', event: 'hide', field: 'cvv' }, 'en_US');
    flushDisplayEvents();
    expect(sentEvents()).toEqual(['reveal pan', 'hide pan', 'reveal cvv', 'hide cvv']);
    answers.splice(0).forEach((give) => give());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetchMock).toHaveBeenCalledTimes(4);
  });

  it('sends an audit event again once on the server’s clock when its stamp was refused (1005), and drops any other refusal', async () => {
    const SERVER = NOW + 600_000; // the device's clock fell ten minutes behind since the exchange
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(
        new Response(JSON.stringify({ code: 1005, msg: 'Timestamp invalid or expired' }), {
          headers: { Date: new Date(SERVER).toUTCString() },
        }),
      )
      .mockResolvedValueOnce(new Response('{"code":0,"msg":"Success"}'))
      .mockResolvedValue(new Response(JSON.stringify({ code: 1014, msg: 'Client-Access-Token invalid or already used' })));
    vi.stubGlobal('fetch', fetchMock);
    const stampOf = (n: number) => (fetchMock.mock.calls[n]![1] as { headers: Record<string, string> }).headers['X-Timestamp'];
    sendDisplayEvent({ session_id: 'ses_1', event: 'reveal', field: 'pan' }, 'en_US');
    sendDisplayEvent({ session_id: 'ses_1', event: 'hide', field: 'pan' }, 'en_US');
    // waited for on real timers: vi.waitFor would move the faked Date on under the stamps
    for (let i = 0; i < 200 && fetchMock.mock.calls.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stampOf(0)).toBe(String(NOW));
    // the reveal again, then the hide, both on the server's clock; the hide's 1014 is not sent again
    expect([stampOf(1), stampOf(2)]).toEqual([String(SERVER), String(SERVER)]);
    expect(fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string).event)).toEqual([
      'reveal',
      'reveal',
      'hide',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });
});
