import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FrameKeyPair } from '../crypto/keypair.js';
import { createEmbedHost } from './embed-host.js';
import { startParentHandshake } from './parent-handshake.js';
import { parkHandshake } from '../boot/park-handshake.js';
import { takeEarly } from '../boot/early-slots.js';
import { refusalQuery } from '../testing/refusal-meta.js';

const FRAME = 'frame_0123456789';
const ORIGIN = 'https://shop.example';
const channels: MessageChannel[] = [];
afterEach(() => {
  channels.splice(0).forEach((c) => (c.port1.close(), c.port2.close()));
  void takeEarly('handshake'); // a test that parked one and failed leaves nothing for the next
});

/**
 * Just enough of a window inside an iframe. `refusal`: the content of the page's refusal
 * meta, as the server writes it (shared/page-refusal.ts).
 */
function fakeFrameWindow(search = `?merchant_id=mch_1&frame_id=${FRAME}&locale=zh_CN`, ancestor?: string, refusal?: string) {
  const listeners = new Set<(event: unknown) => void>();
  const parent = { postMessage: vi.fn() };
  const win = {
    parent,
    document: {
      querySelector: refusalQuery(refusal),
    },
    location: { search, ...(ancestor ? { ancestorOrigins: [ancestor] } : {}) },
    addEventListener: (_type: string, l: (event: unknown) => void) => listeners.add(l),
    removeEventListener: (_type: string, l: (event: unknown) => void) => listeners.delete(l),
  };
  const dispatch = (event: object) => [...listeners].forEach((l) => l(event));
  return { win: win as unknown as Window, parent, listeners, dispatch };
}

const keyPair = new Promise<FrameKeyPair>(() => undefined);

function initEvent(source: unknown, extra: object = {}) {
  const channel = new MessageChannel();
  channels.push(channel);
  const data = { cardveil: 1, type: 'init', frame_id: FRAME, token: 'tok_abcdefghijklmnop', locale: 'en_US', ...extra };
  return { event: { source, origin: ORIGIN, data, ports: [channel.port2] }, parentPort: channel.port1 };
}

const nextMessage = (port: MessagePort) =>
  new Promise<unknown>((resolve) => {
    port.onmessage = (e) => resolve(e.data);
  });

describe('the embed host', () => {
  it('says hello to the parent with target * and carries no secret', () => {
    const { win, parent } = fakeFrameWindow();
    createEmbedHost(win, keyPair);
    expect(parent.postMessage).toHaveBeenCalledExactlyOnceWith({ cardveil: 1, type: 'hello', frame_id: FRAME }, '*');
  });

  it('starts with the locale of the query and waits', () => {
    const { win } = fakeFrameWindow();
    expect(createEmbedHost(win, keyPair).getState()).toMatchObject({ phase: 'waiting', locale: 'zh_CN' });
  });

  it('takes init from the parent, then stops listening on window', () => {
    const { win, parent, listeners, dispatch } = fakeFrameWindow();
    const host = createEmbedHost(win, keyPair);
    dispatch(initEvent(parent, { auto_hide_seconds: 10, can_refresh: true, fields: ['pan'] }).event);
    expect(host.getState()).toMatchObject({
      phase: 'started',
      request: { token: 'tok_abcdefghijklmnop', mode: 'embed', parentOrigin: ORIGIN, fields: ['pan'] },
      locale: 'en_US',
      autoHideSeconds: 10,
      canRefresh: true,
    });
    expect(listeners.size).toBe(0);
  });

  it('on a load the server refused, shakes hands all the same, then tells the parent why and presents nothing', async () => {
    const { win, parent, dispatch } = fakeFrameWindow(undefined, undefined, '1009;42');
    const host = createEmbedHost(win, keyPair);
    const { event, parentPort } = initEvent(parent, { can_refresh: true });
    dispatch(event);
    // the state to show, in the merchant's locale, with the wait its Retry counts down; no request to exchange
    expect(host.getState()).toMatchObject({
      phase: 'failed',
      failure: { code: 1009, reason: 'page_refused', retryAfter: 42 },
      locale: 'en_US',
      canRefresh: true,
    });
    expect(host.getState().request).toBeUndefined();
    // and what the app reports reaches the merchant's page over the port
    const message = nextMessage(parentPort);
    host.events.error(1009, 'page_refused');
    expect(await message).toMatchObject({ type: 'error', error: { code: 1009, locale: 'en_US' } });
  });

  it('takes over the handshake the early script started: its init, and what the parent sent on the port since', async () => {
    const { win, parent, dispatch } = fakeFrameWindow();
    parkHandshake((settle) => startParentHandshake(win, FRAME, settle));
    const { event, parentPort } = initEvent(parent);
    dispatch(event); // before the app's modules have run
    parentPort.postMessage({ cardveil: 1, type: 'set-locale', locale: 'zh_CN' });
    const host = createEmbedHost(win, keyPair);
    expect(host.getState()).toMatchObject({ phase: 'started', request: { token: 'tok_abcdefghijklmnop', parentOrigin: ORIGIN } });
    await new Promise<void>((resolve) => host.subscribe(() => resolve()));
    expect(host.getState().locale).toBe('zh_CN');
    expect(parent.postMessage).toHaveBeenCalledOnce(); // one hello: the app did not start a second handshake
  });

  it('takes over a refusal the early script reached before the app ran: 1015', () => {
    const { win, parent, dispatch } = fakeFrameWindow(undefined, 'https://evil.example');
    parkHandshake((settle) => startParentHandshake(win, FRAME, settle));
    dispatch(initEvent(parent).event);
    expect(createEmbedHost(win, keyPair).getState()).toMatchObject({ phase: 'failed', failure: { code: 1015 } });
  });

  it.each([
    ['a number from Math.random()', '0.8370218563724651'],
    ['a UUID', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ['base64', 'q83vEjRWeJA+/w=='],
  ])('takes a frame id a hand-written parent made: %s', (_name, id) => {
    const { win, parent } = fakeFrameWindow(`?merchant_id=mch_1&frame_id=${encodeURIComponent(id)}`);
    expect(createEmbedHost(win, keyPair).getState().phase).not.toBe('failed');
    expect(parent.postMessage).toHaveBeenCalledWith({ cardveil: 1, type: 'hello', frame_id: id }, '*');
  });

  it.each([
    ['frame_id missing', '?merchant_id=mch_1'],
    ['frame_id not ours', '?merchant_id=mch_1&frame_id=<script>'],
  ])('shows 1018 and says no hello when the %s', (_name, search) => {
    const { win, parent } = fakeFrameWindow(search);
    expect(createEmbedHost(win, keyPair).getState()).toMatchObject({
      phase: 'failed',
      failure: { code: 1018, reason: 'bad_frame_id' },
    });
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('ignores init from another window and keeps waiting', () => {
    const { win, dispatch, listeners } = fakeFrameWindow();
    const host = createEmbedHost(win, keyPair);
    dispatch(initEvent({}).event);
    expect(host.getState().phase).toBe('waiting');
    expect(listeners.size).toBe(1);
  });

  it('fails closed with 1015 when ancestorOrigins names someone else', () => {
    const { win, parent, dispatch } = fakeFrameWindow(undefined, 'https://evil.example');
    const host = createEmbedHost(win, keyPair);
    dispatch(initEvent(parent).event);
    expect(host.getState()).toMatchObject({ phase: 'failed', failure: { code: 1015 } });
    expect(host.getState().request).toBeUndefined(); // no exchange was set up: the token stays unspent
  });

  it('fails closed with 1015 when ancestorOrigins says "null"', () => {
    const { win, parent, dispatch } = fakeFrameWindow(undefined, 'null');
    const host = createEmbedHost(win, keyPair);
    dispatch(initEvent(parent).event);
    expect(host.getState()).toMatchObject({ phase: 'failed', failure: { code: 1015 } });
    expect(host.getState().request).toBeUndefined(); // no exchange was set up: the token stays unspent
  });

  it('shows 1018 when opened outside a frame', () => {
    const { win } = fakeFrameWindow();
    (win as unknown as { parent: unknown }).parent = win;
    expect(createEmbedHost(win, keyPair).getState()).toMatchObject({ phase: 'failed', failure: { code: 1018 } });
  });

  it('applies set-locale and update from the port, and drops anything malformed', async () => {
    const { win, parent, dispatch } = fakeFrameWindow();
    const host = createEmbedHost(win, keyPair);
    const { event, parentPort } = initEvent(parent, { appearance: { theme: 'dark' } });
    dispatch(event);
    const changed = () => new Promise<void>((resolve) => host.subscribe(() => resolve()));
    parentPort.postMessage({ cardveil: 1, type: 'set-locale', locale: 'fr_FR' });
    parentPort.postMessage({ cardveil: 1, type: 'update', appearance: { colorText: 'url(x)' } });
    parentPort.postMessage({ cardveil: 1, type: 'set-locale', locale: 'zh_CN' });
    await changed();
    expect(host.getState()).toMatchObject({ locale: 'zh_CN', appearance: { theme: 'dark' } });
    parentPort.postMessage({ cardveil: 1, type: 'update', appearance: { radius: 4 } });
    await changed();
    expect(host.getState().appearance).toEqual({ theme: 'dark', radius: 4 });
    // null puts a token back to the default: it leaves the appearance, it is not kept as null
    parentPort.postMessage({ cardveil: 1, type: 'update', appearance: { theme: null, spacing: 8 } });
    await changed();
    expect(host.getState().appearance).toEqual({ radius: 4, spacing: 8 });
  });

  it.each([
    ['en_US', 'appearance.colorText: Invalid request parameter'],
    ['zh_CN', 'appearance.colorText：请求参数无效'],
  ] as const)('sets aside a refused appearance and tells the merchant: 1004 naming the token (%s)', async (locale, text) => {
    const { win, parent, dispatch } = fakeFrameWindow();
    const host = createEmbedHost(win, keyPair);
    const { event, parentPort } = initEvent(parent, { locale, appearance: { theme: 'dark', colorText: 'url(x)' } });
    const reported = nextMessage(parentPort);
    dispatch(event);
    const error = {
      cardveil: 1,
      type: 'error',
      error: { code: 1004, message: text, locale, reason: 'appearance.colorText', retryable: false },
    };
    expect(await reported).toEqual(error);
    expect(host.getState()).toMatchObject({ phase: 'started', appearance: {} });

    // a later update: refused whole, and reported each time
    const changed = () => new Promise<void>((resolve) => host.subscribe(() => resolve()));
    parentPort.postMessage({ cardveil: 1, type: 'update', appearance: { radius: 4 } });
    await changed();
    for (let i = 0; i < 2; i++) {
      const again = nextMessage(parentPort);
      parentPort.postMessage({ cardveil: 1, type: 'update', appearance: { spacing: 2, colorText: 'url(x)' } });
      expect(await again).toMatchObject({ error: { code: 1004, reason: 'appearance.spacing' } });
    }
    parentPort.postMessage({ cardveil: 1, type: 'update', appearance: 'dark' });
    expect(await nextMessage(parentPort)).toMatchObject({ error: { code: 1004, reason: 'appearance' } });
    expect(host.getState().appearance).toEqual({ radius: 4 });
  });

  it('forwards reveal and hide commands from the port', async () => {
    const { win, parent, dispatch } = fakeFrameWindow();
    const host = createEmbedHost(win, keyPair);
    const { event, parentPort } = initEvent(parent);
    dispatch(event);
    const command = new Promise((resolve) => host.onCommand(resolve));
    parentPort.postMessage({ cardveil: 1, type: 'reveal', field: 'cvv' });
    expect(await command).toEqual({ type: 'reveal', field: 'cvv' });
  });

  it('sends events over the port only, the last height first', async () => {
    const { win, parent, dispatch } = fakeFrameWindow();
    const host = createEmbedHost(win, keyPair);
    host.events.resize(120);
    host.events.resize(180);
    host.events.field('reveal', 'pan'); // nobody to tell yet: dropped
    const { event, parentPort } = initEvent(parent);
    const first = nextMessage(parentPort);
    dispatch(event);
    expect(await first).toEqual({ cardveil: 1, type: 'resize', height: 180 });
    expect(parent.postMessage).toHaveBeenCalledOnce(); // the hello, nothing else on window
  });
});
