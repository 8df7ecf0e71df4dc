import { QueryObserver, focusManager, onlineManager, type QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FrameKeyPair } from '../crypto/keypair.js';
import type { RsaPrivateKey } from '../crypto/rsa-private-key.js';
import { DisplayFailure } from './display-failure.js';
import {
  displaySessionQueryOptions,
  startExchangeOnRequest,
  type DisplaySession,
  type SessionRequest,
} from './exchange-query.js';
import { resetServerClock } from './server-clock.js';
import { createHostStore, type FrameHost } from '../bridge/frame-host.js';
import { createQueryClient } from './query-client.js';

const session = {
  session_id: 'ses_1',
  expires_at: new Date(Date.now() + 300_000).toISOString(),
  fields: [],
  card: { brand: 'visa', last4: '4242', type: 'virtual' },
  envelopes: {},
};
// The exchange is what is under test here, not the crypto: a key that unwraps nothing.
const keyPair = () => Promise.resolve<FrameKeyPair>({ publicKey: 'MIIB', privateKey: {} as RsaPrivateKey });

// TanStack's focus and online managers are process-wide: a test that toggles them puts them back.
const onlineAtStart = onlineManager.isOnline();

let clients: QueryClient[] = [];
afterEach(() => {
  clients.forEach((client) => client.unmount());
  clients = [];
  vi.unstubAllGlobals();
  vi.useRealTimers();
  resetServerClock();
  focusManager.setFocused(undefined); // back to asking the document
  onlineManager.setOnline(onlineAtStart);
});

/** A mounted client (as QueryClientProvider mounts it) and a server answering `body`. */
function setup(body: object) {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(body)));
  vi.stubGlobal('fetch', fetchMock);
  const client = createQueryClient();
  client.mount();
  clients.push(client);
  return { client, fetchMock };
}

let tokens = 0;
const request = (): SessionRequest => ({ token: `tok_exchange_${++tokens}`, mode: 'hosted' });

/** What useQuery does on mount: an observer of the query, subscribed. */
function mount(client: QueryClient, req: SessionRequest | undefined, keys = keyPair(), locale: 'en_US' | 'zh_CN' = 'en_US') {
  const observer = new QueryObserver(client, displaySessionQueryOptions(req, keys, locale));
  return { observer, unsubscribe: observer.subscribe(() => undefined) };
}

const settled = (observer: { getCurrentResult(): { status: string } }) =>
  vi.waitFor(() => expect(observer.getCurrentResult().status).not.toBe('pending'));

describe('the exchange query', () => {
  it('presents a token once through StrictMode’s mount, unmount and mount again', async () => {
    const { client, fetchMock } = setup({ code: 0, msg: 'Success', data: session });
    const req = request();
    const keys = keyPair();
    const first = mount(client, req, keys);
    first.unsubscribe();
    const second = mount(client, req, keys);
    await settled(second.observer);
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(second.observer.getCurrentResult().data).toMatchObject({ id: 'ses_1' });
  });

  it('never presents it again: not on remount, focus, reconnect, locale change or invalidation', async () => {
    const { client, fetchMock } = setup({ code: 0, msg: 'Success', data: session });
    const req = request();
    const keys = keyPair();
    const { observer } = mount(client, req, keys);
    await settled(observer);
    mount(client, req, keys);
    observer.setOptions(displaySessionQueryOptions(req, keys, 'zh_CN'));
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    onlineManager.setOnline(false);
    onlineManager.setOnline(true);
    await client.invalidateQueries();
    await client.refetchQueries();
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(observer.getCurrentResult().status).toBe('success');
  });

  it('keeps a refused token refused: the 1014 is not retried, on remount or refetch', async () => {
    const { client, fetchMock } = setup({ code: 1014, msg: 'Client-Access-Token invalid or already used' });
    const req = request();
    const { observer } = mount(client, req);
    await settled(observer);
    mount(client, req);
    await client.refetchQueries();
    expect(fetchMock).toHaveBeenCalledOnce();
    const { error } = observer.getCurrentResult();
    expect(error).toBeInstanceOf(DisplayFailure);
    expect((error as DisplayFailure).code).toBe(1014);
  });

  it.each([
    ['a refused token', () => Promise.resolve(new Response(JSON.stringify({ code: 1014, msg: 'x' })))],
    ['a lost connection', () => Promise.reject(new TypeError('Failed to fetch'))],
  ])('zeroes the private key when the exchange fails: %s', async (_name, reply) => {
    vi.stubGlobal('fetch', vi.fn(reply));
    const client = createQueryClient();
    client.mount();
    clients.push(client);
    const secret = () => new Uint8Array([7, 7, 7]);
    const privateKey = {
      n: secret(),
      e: secret(),
      d: secret(),
      p: secret(),
      q: secret(),
      dP: secret(),
      dQ: secret(),
      qInv: secret(),
    };
    const pair: FrameKeyPair = { publicKey: 'MIIB', privateKey };
    const { observer } = mount(client, request(), Promise.resolve(pair));
    await settled(observer);
    expect(observer.getCurrentResult().error).toBeInstanceOf(DisplayFailure);
    expect(pair.privateKey).toBeNull();
    for (const part of ['d', 'p', 'q', 'dP', 'dQ', 'qInv'] as const) expect(privateKey[part]).toEqual(new Uint8Array(3));
  });

  it('ends the session on this page’s clock 2 s before the server does, whatever the offset', async () => {
    // Date only, and no vi.waitFor (which would move it on): the fetch stub keeps its real timers
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = Date.parse('2030-01-02T03:04:05.000Z');
    vi.setSystemTime(now);
    const serverNow = now + 600_000; // the server's clock ten minutes ahead
    const body = { code: 0, msg: 'Success', data: { ...session, expires_at: new Date(serverNow + 300_000).toISOString() } };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(body), { headers: { Date: new Date(serverNow).toUTCString() } })),
    );
    const client = createQueryClient();
    client.mount();
    clients.push(client);
    const opened: DisplaySession = await client.fetchQuery(displaySessionQueryOptions(request(), keyPair(), 'en_US'));
    expect(opened.expiresAt).toBe(now + 300_000 - 2_000);
  });

  it('waits, without a request, until a token is known', async () => {
    const { client, fetchMock } = setup({ code: 0, msg: 'Success', data: session });
    const { observer } = mount(client, undefined);
    await Promise.resolve();
    expect(observer.getCurrentResult()).toMatchObject({ status: 'pending', fetchStatus: 'idle' });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sends the exchange from the handler that brings the token, and the app’s query joins it', async () => {
    const { client, fetchMock } = setup({ code: 0, msg: 'Success', data: session });
    const store = createHostStore({ phase: 'waiting', locale: 'en_US', appearance: {}, autoHideSeconds: 30, canRefresh: false });
    const host = { keyPair: keyPair(), getState: store.get, subscribe: store.subscribe } as unknown as FrameHost;
    startExchangeOnRequest(client, host);
    await host.keyPair; // the key pair first, as on a cold load
    await Promise.resolve();
    store.set({ locale: 'zh_CN' });
    expect(fetchMock).not.toHaveBeenCalled();
    const req = request();
    store.set({ phase: 'started', request: req });
    // already sent: no microtask ran, so a render React scheduled for this change comes after
    expect(fetchMock).toHaveBeenCalledOnce();
    const { observer } = mount(client, req, host.keyPair, 'zh_CN');
    await settled(observer);
    expect(observer.getCurrentResult().data).toMatchObject({ id: 'ses_1' });
    store.set({ request: { ...req } });
    await Promise.resolve();
    expect(fetchMock).toHaveBeenCalledOnce();
  });

  it.each([
    ['fails while waiting (a refused handshake)', 'waiting'],
    ['failed from the start (a hosted page with no token)', 'failed'],
  ] as const)('zeroes the private key when the view %s: no exchange will use it', async (_name, initial) => {
    const { client, fetchMock } = setup({ code: 0, msg: 'Success', data: session });
    const d = new Uint8Array([7, 7, 7]);
    const pair: FrameKeyPair = { publicKey: 'MIIB', privateKey: { d } as unknown as RsaPrivateKey };
    const store = createHostStore({ phase: initial, locale: 'en_US', appearance: {}, autoHideSeconds: 30, canRefresh: false });
    const host = { keyPair: Promise.resolve(pair), getState: store.get, subscribe: store.subscribe } as unknown as FrameHost;
    startExchangeOnRequest(client, host);
    await host.keyPair;
    if (initial === 'waiting') {
      expect(pair.privateKey).not.toBeNull(); // the handshake may still bring a token
      store.set({ phase: 'failed', failure: { code: 1015, reason: 'ancestor_mismatch' } });
    }
    expect(pair.privateKey).toBeNull();
    expect([...d]).toEqual([0, 0, 0]);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
