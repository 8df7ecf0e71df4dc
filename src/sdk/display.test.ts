import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COPY_1013, COPY_1015, COPY_FRAME_TIMEOUT, COPY_MERCHANT } from '../shared/state-copy.js';
import { CardveilError, mount, type MountOptions } from './index.js';
import { setScriptUrl } from './script-url.js';
import { isOpaqueId } from '../shared/protocol.js';

/*
 * The display's life cycle, run in Node against a stand-in DOM just big enough for the
 * SDK (elements that hold children, an iframe whose contentWindow records postMessage).
 * MessageChannel is Node's own. Real browsers, CSP and origins are e2e's job.
 */
const ORIGIN = 'https://display.example';
const TOKENS = ['cat_first_000000000000', 'cat_second_00000000000', 'cat_third_000000000000', 'cat_fourth_00000000000'];

class FakeElement {
  children: FakeElement[] = [];
  parent: FakeElement | undefined;
  style: Record<string, string> = {};
  dataset: Record<string, string> = {};
  attributes: Record<string, string> = {};
  textContent = '';
  title = '';
  lang = '';
  tabIndex = 0;
  src = '';
  allow = '';
  focused = false;
  /** the accessible name it had when it took focus */
  nameWhenFocused = '';
  contentWindow: { postMessage: ReturnType<typeof vi.fn> } | undefined;
  readonly nodeType = 1;
  constructor(readonly tagName: string) {
    if (tagName == 'iframe') this.contentWindow = { postMessage: vi.fn() };
  }
  append(...nodes: FakeElement[]) {
    for (const node of nodes) {
      node.remove();
      node.parent = this;
      this.children.push(node);
    }
  }
  appendChild(node: FakeElement) {
    this.append(node);
    return node;
  }
  replaceChildren(...nodes: FakeElement[]) {
    for (const child of [...this.children]) child.remove();
    this.append(...nodes);
  }
  remove() {
    if (this.parent) this.parent.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = undefined;
  }
  focus() {
    this.focused = true;
    this.nameWhenFocused = this.title;
    (document as unknown as { activeElement: unknown }).activeElement = this;
  }
  contains(node: unknown): boolean {
    return node === this || this.children.some((child) => child.contains(node));
  }
  setAttribute(name: string, value: string) {
    this.attributes[name] = value;
  }
  find(tag: string): FakeElement | undefined {
    for (const child of this.children) {
      const found = child.tagName == tag ? child : child.find(tag);
      if (found) return found;
    }
    return undefined;
  }
  get text(): string {
    return [this.textContent, ...this.children.map((c) => c.text)].filter(Boolean).join(' | ');
  }
}

let root: FakeElement;
let windowTarget: EventTarget;
let ports: MessagePort[];

beforeEach(() => {
  root = new FakeElement('div');
  windowTarget = new EventTarget();
  ports = [];
  vi.stubGlobal('document', {
    createElement: (tag: string) => new FakeElement(tag),
    querySelector: (selector: string) => (selector == '#card' ? root : null),
  });
  vi.stubGlobal('addEventListener', vi.fn(windowTarget.addEventListener.bind(windowTarget)));
  vi.stubGlobal('removeEventListener', vi.fn(windowTarget.removeEventListener.bind(windowTarget)));
  allowEmbedding();
  setScriptUrl(`${ORIGIN}/sdk/v1/cardveil.js`);
});

afterEach(() => {
  for (const port of ports) port.close();
  vi.unstubAllGlobals();
});

/** The embed check's answers, as the server words them (routes/embed-check.ts). */
const CODE_LABEL = { en_US: 'Error code ', zh_CN: '错误代码 ' };
const ALLOWED = {
  code: 0,
  msg: 'Success',
  data: {
    allowed: true,
    title: { en_US: 'Card details', zh_CN: '卡片信息' },
    copy: { timeout: COPY_FRAME_TIMEOUT.text },
    code_label: CODE_LABEL,
  },
};
const refused = (code: number, msg: string, copy = COPY_1015.text) => ({
  code,
  msg,
  data: { copy: { [code]: copy }, code_label: CODE_LABEL },
});

function allowEmbedding(body: unknown = ALLOWED) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body))),
  );
}

const frameOf = () => root.find('iframe');
const frameIdOf = (frame: FakeElement) => new URL(frame.src).searchParams.get('frame_id')!;

/** The frame's first message, from its own window and origin. */
function sayHello(frame: FakeElement) {
  const event = new MessageEvent('message', {
    data: { cardveil: 1, type: 'hello', frame_id: frameIdOf(frame) },
    origin: ORIGIN,
  });
  Object.defineProperty(event, 'source', { value: frame.contentWindow });
  windowTarget.dispatchEvent(event);
}

/** The frame's side of protocol v1: says hello, waits for init, returns its port. */
async function handshake(frame = frameOf()!) {
  sayHello(frame);
  await vi.waitFor(() => expect(frame.contentWindow!.postMessage).toHaveBeenCalled());
  const [init, targetOrigin, [port]] = frame.contentWindow!.postMessage.mock.calls[0]!;
  ports.push(port);
  const received: unknown[] = [];
  port.onmessage = (e: MessageEvent) => received.push(e.data);
  return { init, targetOrigin, port: port as MessagePort, received };
}

const send = (port: MessagePort, body: object) => port.postMessage({ cardveil: 1, ...body });
const tick = () => new Promise((resolve) => setTimeout(resolve, 15));

function tokens() {
  const queue = [...TOKENS];
  return vi.fn(async () => queue.shift()!);
}

function mountCard(options: Partial<MountOptions> = {}) {
  return mount('#card', { merchantId: 'mch_demo01', getClientAccessToken: tokens(), ...options });
}

describe('mount', () => {
  it('creates the iframe on the display origin with merchant, frame id and locale, named in that locale', async () => {
    mountCard({ locale: 'zh_CN' });
    const frame = frameOf()!;
    const url = new URL(frame.src);
    expect(url.origin + url.pathname).toBe(`${ORIGIN}/embed`);
    expect(url.searchParams.get('merchant_id')).toBe('mch_demo01');
    expect(isOpaqueId(frameIdOf(frame))).toBe(true);
    expect(url.searchParams.get('locale')).toBe('zh_CN');
    expect(frame.allow).toBe('clipboard-write');
    expect(frame.style.cssText).toContain('border:0');
    // the accessible name comes with the embed check's answer; until then, the product's
    expect(frame.title).toBe('Cardveil');
    await vi.waitFor(() => expect(frame.title).toBe('卡片信息'));
  });

  it('keeps a name on the iframe when the embed check cannot be asked (a page CSP without connect-src)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    mountCard({ locale: 'zh_CN' });
    await tick();
    expect(fetch).toHaveBeenCalled();
    expect(frameOf()!.title).toBe('Cardveil');
  });

  it('asks the embed check with a simple CORS GET while the frame loads', () => {
    mountCard({ locale: 'zh_CN' });
    expect(fetch).toHaveBeenCalledWith(`${ORIGIN}/api/v1/pci/display/embed-check?merchant_id=mch_demo01&locale=zh_CN`);
  });

  it('asks for the token at mount, while the frame loads, not after hello', () => {
    const getClientAccessToken = tokens();
    mountCard({ getClientAccessToken });
    expect(getClientAccessToken).toHaveBeenCalledOnce();
  });

  it('throws a CardveilError 1004 when the target matches nothing', () => {
    expect(() => mount('#nothing', { merchantId: 'mch_demo01', clientAccessToken: TOKENS[0] })).toThrow(CardveilError);
    expect(() => mount('##bad', { merchantId: 'mch_demo01', clientAccessToken: TOKENS[0] })).toThrow(/^Cardveil 1004: target/);
  });

  it('sends init with the token, options and a port, to the display origin exactly', async () => {
    mountCard({ fields: ['pan', 'cvv'], autoHideSeconds: 10, appearance: { theme: 'dark' } });
    const { init, targetOrigin, port } = await handshake();
    expect(targetOrigin).toBe(ORIGIN);
    expect(port).toBeInstanceOf(MessagePort);
    expect(init).toEqual({
      cardveil: 1,
      type: 'init',
      frame_id: frameIdOf(frameOf()!),
      token: TOKENS[0],
      fields: ['pan', 'cvv'],
      locale: 'en_US',
      appearance: { theme: 'dark' },
      auto_hide_seconds: 10,
      can_refresh: true,
    });
  });

  it('listens on window for the frame’s life, and not after', async () => {
    const display = mountCard();
    await handshake();
    const listener = (addEventListener as ReturnType<typeof vi.fn>).mock.calls[0]![1];
    expect(removeEventListener).not.toHaveBeenCalledWith('message', listener);
    display.destroy();
    expect(removeEventListener).toHaveBeenCalledWith('message', listener);
  });

  it('starts a fresh view when the frame says hello again after init (the browser loaded it anew)', async () => {
    const getClientAccessToken = tokens();
    mountCard({ getClientAccessToken });
    const first = frameOf()!;
    await handshake(first);
    sayHello(first);
    await vi.waitFor(() => expect(frameOf()).not.toBe(first));
    const { init } = await handshake(frameOf()!);
    expect(init).toMatchObject({ token: TOKENS[1] });
    expect(getClientAccessToken).toHaveBeenCalledTimes(2);
  });

  it('sends init once to a frame loaded anew before init went, with the token it was fetching', async () => {
    let give: (token: string) => void = () => {};
    const getClientAccessToken = vi.fn(() => new Promise<string>((resolve) => (give = resolve)));
    mountCard({ getClientAccessToken });
    const frame = frameOf()!;
    sayHello(frame);
    sayHello(frame); // moved while the merchant's backend was minting
    give(TOKENS[0]!);
    await vi.waitFor(() => expect(frame.contentWindow!.postMessage).toHaveBeenCalled());
    await tick();
    expect(frame.contentWindow!.postMessage).toHaveBeenCalledOnce();
    expect(frameOf()).toBe(frame);
    expect(getClientAccessToken).toHaveBeenCalledOnce();
  });

  it('sends the locale and appearance set before the handshake in init', async () => {
    const display = mountCard();
    display.setLocale('zh_CN');
    display.update({ radius: 4 });
    const { init } = await handshake();
    expect(init).toMatchObject({ locale: 'zh_CN', appearance: { radius: 4 } });
    await vi.waitFor(() => expect(frameOf()!.title).toBe('卡片信息'));
  });
});

describe('messages from the frame', () => {
  it('turns ready, resize, reveal, hide, copy and expired into callbacks that carry names only', async () => {
    const calls: unknown[][] = [];
    const record =
      (name: string) =>
      (...args: unknown[]) =>
        calls.push([name, ...args]);
    mountCard({
      onReady: record('ready'),
      onResize: record('resize'),
      onReveal: record('reveal'),
      onHide: record('hide'),
      onCopy: record('copy'),
      onExpired: record('expired'),
    });
    const { port } = await handshake();
    const card = { brand: 'visa', last4: '4242', type: 'virtual' };
    send(port, { type: 'ready', fields: ['pan'], card });
    send(port, { type: 'resize', height: 301.2 });
    send(port, { type: 'reveal', field: 'pan', value: '4242424242424242' });
    send(port, { type: 'hide', field: 'pan' });
    send(port, { type: 'copy', field: 'pan' });
    send(port, { type: 'expired' });
    await vi.waitFor(() => expect(calls).toHaveLength(6));
    expect(calls).toEqual([
      ['ready', { fields: ['pan'], card }],
      ['resize', { height: 301.2 }],
      ['reveal', { field: 'pan' }],
      ['hide', { field: 'pan' }],
      ['copy', { field: 'pan' }],
      ['expired'],
    ]);
    expect(frameOf()!.style.height).toBe('302px');
  });

  it.each([
    ['a field outside the closed set', { cardveil: 1, type: 'reveal', field: 'balance' }],
    ['a field that is a value', { cardveil: 1, type: 'copy', field: '4242424242424242' }],
    ['a message without the namespace', { type: 'reveal', field: 'pan' }],
    ['a negative height', { cardveil: 1, type: 'resize', height: -5 }],
    ['a height that is not a number', { cardveil: 1, type: 'resize', height: '300' }],
    ['an error without a code', { cardveil: 1, type: 'error', error: { message: 'x' } }],
    ['an error without a message', { cardveil: 1, type: 'error', error: { code: 4019 } }],
    ['an error that is null', { cardveil: 1, type: 'error', error: null }],
    ['an unknown type', { cardveil: 1, type: 'value', field: 'pan' }],
    ['a string', 'garbage'],
    ['null', null],
  ])('drops %s from the port without a word', async (_, data) => {
    const callbacks = { onReveal: vi.fn(), onCopy: vi.fn(), onResize: vi.fn(), onError: vi.fn() };
    const onHide = vi.fn();
    mountCard({ ...callbacks, onHide });
    const { port } = await handshake();
    port.postMessage(data);
    // a port delivers in order: once the message behind it is heard, this one was handled
    send(port, { type: 'hide', field: 'pan' });
    await vi.waitFor(() => expect(onHide).toHaveBeenCalledOnce());
    for (const callback of Object.values(callbacks)) expect(callback).not.toHaveBeenCalled();
    expect(frameOf()!.style.height).toBeUndefined();
  });

  it('passes a frame error on to onError with code, message, locale and reason', async () => {
    const onError = vi.fn();
    mountCard({ onError, locale: 'zh_CN' });
    const { port } = await handshake();
    send(port, { type: 'error', error: { code: 4019, message: 'x', reason: 'decrypt', retryable: true, extra: 'dropped' } });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError).toHaveBeenCalledWith({ code: 4019, message: 'x', locale: 'zh_CN', reason: 'decrypt', retryable: true });
  });

  it('says when the failure is the transactions panel’s alone, the card still shown (part)', async () => {
    const onError = vi.fn();
    mountCard({ onError });
    const { port } = await handshake();
    send(port, { type: 'error', error: { code: 1001, message: 'x', retryable: true, part: 'transactions', retryAfter: 5 } });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError.mock.calls[0]![0]).toStrictEqual({
      code: 1001,
      message: 'x',
      locale: 'en_US',
      reason: undefined,
      retryable: true,
      part: 'transactions',
    });
    expect(frameOf()).toBeDefined();
  });
});

describe('token refresh', () => {
  it('answers the first 1014 silently with a new token in a new frame, and reports the second', async () => {
    const onError = vi.fn();
    const getClientAccessToken = tokens();
    mountCard({ onError, getClientAccessToken });
    const first = frameOf()!;
    const { port } = await handshake(first);
    send(port, { type: 'error', error: { code: 1014, message: 'expired', retryable: false } });
    await vi.waitFor(() => expect(frameOf()).not.toBe(first));
    const second = frameOf()!;
    expect(frameIdOf(second)).not.toBe(frameIdOf(first));
    expect(root.children[0]!.children).toEqual([second]);
    expect(onError).not.toHaveBeenCalled();
    const again = await handshake(second);
    expect(again.init.token).toBe(TOKENS[1]);
    send(again.port, { type: 'error', error: { code: 1014, message: 'expired', retryable: false } });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(getClientAccessToken).toHaveBeenCalledTimes(2);
    expect(frameOf()).toBe(second);
  });

  it('reports a 1014 at once when there is no getClientAccessToken', async () => {
    const onError = vi.fn();
    mount('#card', { merchantId: 'mch_demo01', clientAccessToken: TOKENS[0], onError });
    const { port, init } = await handshake();
    expect(init.can_refresh).toBe(false);
    send(port, { type: 'error', error: { code: 1014, message: 'expired', retryable: false } });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
  });

  it('mounts a fresh frame on the cardholder’s retry, and allows one more silent 1014', async () => {
    const onError = vi.fn();
    mountCard({ onError });
    let { port } = await handshake();
    send(port, { type: 'error', error: { code: 1014, message: 'expired', retryable: false } });
    await vi.waitFor(() => expect(frameOf()!.contentWindow!.postMessage).not.toHaveBeenCalled());
    ({ port } = await handshake());
    send(port, { type: 'retry' });
    await vi.waitFor(() => expect(frameOf()!.contentWindow!.postMessage).not.toHaveBeenCalled());
    const retried = await handshake();
    expect(retried.init.token).toBe(TOKENS[2]);
    send(retried.port, { type: 'error', error: { code: 1014, message: 'expired', retryable: false } });
    await vi.waitFor(() => expect(frameOf()!.contentWindow!.postMessage).not.toHaveBeenCalled());
    expect((await handshake()).init.token).toBe(TOKENS[3]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('uses the static token for the first frame and getClientAccessToken after', async () => {
    const getClientAccessToken = tokens();
    mountCard({ clientAccessToken: 'cat_static_00000000000', getClientAccessToken });
    expect(getClientAccessToken).not.toHaveBeenCalled();
    const { init, port } = await handshake();
    expect(init.token).toBe('cat_static_00000000000');
    send(port, { type: 'error', error: { code: 1014, message: 'expired', retryable: false } });
    await vi.waitFor(() => expect(getClientAccessToken).toHaveBeenCalledOnce());
  });

  it('reports the embed check’s 1015, and only that, when the token fails because the origin is refused', async () => {
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))),
    );
    const onError = vi.fn();
    mountCard({ onError, getClientAccessToken: async () => Promise.reject(new Error('mint failed 1015')) });
    await tick();
    expect(onError).not.toHaveBeenCalled();
    answer(new Response(JSON.stringify(refused(1015, 'Parent page Origin not in whitelist'))));
    await vi.waitFor(() => expect(onError).toHaveBeenCalled());
    await tick();
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 1015, reason: 'origin_not_allowed' });
  });

  it.each([
    ['no token at all', {}],
    ['a token that is not one', { clientAccessToken: 'bogus' }],
  ])('mounts with %s on a refused page, and reports the embed check’s 1015, not a throw', async (_, token) => {
    allowEmbedding(refused(1015, 'Parent page Origin not in whitelist'));
    const onError = vi.fn();
    mount('#card', { merchantId: 'mch_demo01', onError, ...token });
    await vi.waitFor(() => expect(onError).toHaveBeenCalled());
    await tick();
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 1015, reason: 'origin_not_allowed' });
  });

  it('reports 1001 token_unavailable for a page that mounted with no token, once the embed check allows it', async () => {
    const onError = vi.fn();
    mount('#card', { merchantId: 'mch_demo01', onError });
    await vi.waitFor(() => expect(onError).toHaveBeenCalled());
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 1001, reason: 'token_unavailable' });
  });

  // The merchant's mint refuses a merchant with PCI display off (1013) or frozen (1022) too:
  // with no token there is no exchange, so no frame can show these; the container does.
  it.each([
    ['1013', refused(1013, 'PCI display not enabled', COPY_1013.text), COPY_1013.text.en_US.title],
    ['1022', refused(1022, 'Merchant status abnormal', COPY_MERCHANT.text), COPY_MERCHANT.text.en_US.title],
  ])('reports the embed check’s %s for a page that has no token, rather than timing out', async (code, body, title) => {
    allowEmbedding(body);
    const onError = vi.fn();
    mount('#card', { merchantId: 'mch_demo01', onError, getClientAccessToken: () => Promise.reject(new Error('refused')) });
    await vi.waitFor(() => expect(onError).toHaveBeenCalled());
    await tick();
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toEqual({
      code: Number(code),
      message: title,
      locale: 'en_US',
      reason: undefined,
      retryable: false,
    });
    expect(frameOf()).toBeUndefined();
    expect(root.children[0]!.children[0]!.dataset.errorCode).toBe(code);
  });

  it('times out with 1001 when the frame said hello but getClientAccessToken never settles', async () => {
    const onError = vi.fn();
    mountCard({ onError, helloTimeoutMs: 40, getClientAccessToken: () => new Promise<string>(() => {}) });
    sayHello(frameOf()!);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 1001, reason: 'frame_timeout', retryable: true });
    expect(frameOf()).toBeUndefined();
  });

  it('stops the clock once init is sent: a frame that takes its time after it is not timed out', async () => {
    const onError = vi.fn();
    mountCard({ onError, helloTimeoutMs: 40 });
    await handshake();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(onError).not.toHaveBeenCalled();
    expect(frameOf()).toBeDefined();
  });

  it('reports 1001 token_unavailable when getClientAccessToken fails', async () => {
    const onError = vi.fn();
    mountCard({ onError, getClientAccessToken: async () => Promise.reject(new Error('backend down')) });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 1001, reason: 'token_unavailable', retryable: true });
    expect(frameOf()).toBeUndefined();
  });
});

describe('methods', () => {
  it('posts reveal and hide only once the frame is ready, and checks the field always', async () => {
    const display = mountCard();
    display.reveal('pan');
    const { port, received } = await handshake();
    display.reveal('pan');
    expect(() => display.reveal('balance' as never)).toThrow(CardveilError);
    send(port, { type: 'ready', fields: ['pan'], card: { brand: 'visa', last4: '4242', type: 'virtual' } });
    await tick();
    display.reveal('pan');
    display.hide();
    display.setLocale('zh_CN');
    display.update({ theme: 'light' });
    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(received).toEqual([
      { cardveil: 1, type: 'reveal', field: 'pan' },
      { cardveil: 1, type: 'hide', field: undefined },
      { cardveil: 1, type: 'set-locale', locale: 'zh_CN' },
      { cardveil: 1, type: 'update', appearance: { theme: 'light' } },
    ]);
  });

  it.each([
    ['reveal an unknown field', (d: ReturnType<typeof mountCard>) => d.reveal('balance' as never), 'field'],
    ['hide a field that is a value', (d: ReturnType<typeof mountCard>) => d.hide('4242424242424242' as never), 'field'],
    ['set a locale outside en_US and zh_CN', (d: ReturnType<typeof mountCard>) => d.setLocale('de_DE' as never), 'locale'],
    ['set a locale written the BCP 47 way', (d: ReturnType<typeof mountCard>) => d.setLocale('zh-CN' as never), 'locale'],
  ])('refuses to %s with a CardveilError 1004 that names the argument, and sends nothing', async (_, call, name) => {
    const display = mountCard();
    const { port, received } = await handshake();
    send(port, { type: 'ready', fields: ['pan'], card: { brand: 'visa', last4: '4242', type: 'virtual' } });
    await tick();
    let error: unknown;
    try {
      call(display);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CardveilError);
    expect(error).toMatchObject({ code: 1004, reason: `${name}: Invalid request parameter` });
    await tick();
    expect(received).toEqual([]);
  });

  it('accepts each card field, and no field at all, for reveal and hide', async () => {
    const display = mountCard();
    const { port, received } = await handshake();
    send(port, { type: 'ready', fields: ['pan'], card: { brand: 'visa', last4: '4242', type: 'virtual' } });
    await tick();
    for (const field of ['pan', 'expiry', 'cvv', 'pin', undefined] as const) display.reveal(field);
    display.hide();
    await vi.waitFor(() => expect(received).toHaveLength(6));
    expect(received.map((m) => (m as { field?: string }).field)).toEqual(['pan', 'expiry', 'cvv', 'pin', undefined, undefined]);
  });

  // The frame checks it where it applies it, and answers a refusal with an error event.
  it('passes an appearance on as given, in init and in update', async () => {
    const bad = { colorBackground: 'url(https://evil.example)' };
    const display = mountCard({ appearance: bad as never });
    const { init, received } = await handshake();
    expect(init).toMatchObject({ appearance: bad });
    display.update({ css: 'body{}' } as never);
    await vi.waitFor(() => expect(received).toEqual([{ cardveil: 1, type: 'update', appearance: { css: 'body{}' } }]));
  });

  it('merges each update into the appearance, and a frame made later starts from all of it', async () => {
    const display = mountCard({ appearance: { theme: 'dark', colorAccent: '#00aa00' } });
    display.update({ radius: 4 }); // before the hello: init carries the merge
    const first = await handshake();
    expect(first.init.appearance).toEqual({ theme: 'dark', colorAccent: '#00aa00', radius: 4 });
    display.update({ colorAccent: '#4f46e5' }); // after it: the frame gets the change alone, and merges it
    await vi.waitFor(() =>
      expect(first.received).toEqual([{ cardveil: 1, type: 'update', appearance: { colorAccent: '#4f46e5' } }]),
    );
    send(first.port, { type: 'error', error: { code: 1014, message: 'expired', retryable: false } });
    await vi.waitFor(() => expect(frameOf()!.contentWindow!.postMessage).not.toHaveBeenCalled());
    expect((await handshake()).init.appearance).toEqual({ theme: 'dark', colorAccent: '#4f46e5', radius: 4 });
  });

  it('throws 1004 naming the appearance for an update that cannot travel, and keeps nothing of it', async () => {
    const display = mountCard({ appearance: { theme: 'dark' } });
    const { port } = await handshake();
    expect(() => display.update({ theme: () => 'light' } as never)).toThrow(
      expect.objectContaining({ name: 'CardveilError', code: 1004, reason: expect.stringMatching(/^appearance: /) }),
    );
    send(port, { type: 'error', error: { code: 1014, message: 'expired', retryable: false } });
    await vi.waitFor(() => expect(frameOf()!.contentWindow!.postMessage).not.toHaveBeenCalled());
    expect((await handshake()).init.appearance).toEqual({ theme: 'dark' });
  });

  it('throws 1004 for an update that cannot travel made before the hello, and the frame still gets its init', async () => {
    const onError = vi.fn();
    const display = mountCard({ onError, appearance: { theme: 'dark' } });
    expect(() => display.update({ theme: () => 'light' } as never)).toThrow(expect.objectContaining({ code: 1004 }));
    const frame = frameOf()!;
    frame.contentWindow!.postMessage.mockImplementation((data: unknown) => structuredClone(data));
    expect((await handshake(frame)).init.appearance).toEqual({ theme: 'dark' });
    expect(onError).not.toHaveBeenCalled();
    expect(frameOf()).toBe(frame);
  });

  it('refuses at mount, as any other option, an appearance that cannot travel to the frame', () => {
    expect(() => mountCard({ appearance: { theme: () => 'dark' } as never })).toThrow(
      expect.objectContaining({ name: 'CardveilError', code: 1004, reason: expect.stringMatching(/^appearance: /) }),
    );
    expect(frameOf()).toBeUndefined();
  });
});

describe('errors the container shows itself', () => {
  it('shows the server’s 1015 copy and reports it when the server says the origin is not allowed', async () => {
    allowEmbedding(refused(1015, 'Parent page Origin not in whitelist'));
    const onError = vi.fn();
    const display = mountCard({ onError });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError).toHaveBeenCalledWith({
      code: 1015,
      message: COPY_1015.text.en_US.title,
      locale: 'en_US',
      reason: 'origin_not_allowed',
      retryable: false,
    });
    expect(frameOf()).toBeUndefined();
    const alert = root.children[0]!.children[0]!;
    expect(alert.attributes.role).toBe('alert');
    expect(alert.dataset.errorCode).toBe('1015');
    expect(alert.text).toBe(`${COPY_1015.text.en_US.title} | ${COPY_1015.text.en_US.detail} | Error code 1015`);
    display.setLocale('zh_CN');
    expect(root.children[0]!.children[0]!.text).toBe(
      `${COPY_1015.text.zh_CN.title} | ${COPY_1015.text.zh_CN.detail} | 错误代码 1015`,
    );
  });

  it('shows the server’s copy for an unknown merchant', async () => {
    allowEmbedding(refused(1021, 'Merchant does not exist', COPY_MERCHANT.text));
    const onError = vi.fn();
    mountCard({ onError });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 1021, message: COPY_MERCHANT.text.en_US.title, retryable: false });
    expect(root.children[0]!.children[0]!.text).toBe(
      `${COPY_MERCHANT.text.en_US.title} | ${COPY_MERCHANT.text.en_US.detail} | Error code 1021`,
    );
  });

  it.each([
    // the frame shows these as its own states (DESIGN §7): the SDK leaves them to it
    ['1013, which the frame shows itself', refused(1013, 'PCI display not enabled', COPY_1013.text)],
    ['1022, which the frame shows itself', refused(1022, 'Merchant status abnormal', COPY_MERCHANT.text)],
    ['a 1009, which proves nothing about the page', { code: 1009, msg: 'Operation too frequent' }],
    ['a 1001', { code: 1001, msg: 'System error' }],
    ['a code that is a string', { code: '1015', msg: 'x' }],
    ['a body that is not JSON', '<html>502</html>'],
    ['a JSON null', null],
  ])('leaves a working frame alone when the embed check answers %s', async (_, body) => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(typeof body == 'string' ? body : JSON.stringify(body))),
    );
    const onError = vi.fn();
    const onReady = vi.fn();
    mountCard({ onError, onReady });
    const { port } = await handshake();
    send(port, { type: 'ready', fields: ['pan'], card: { brand: 'visa', last4: '4242', type: 'virtual' } });
    await vi.waitFor(() => expect(onReady).toHaveBeenCalledOnce());
    expect(onError).not.toHaveBeenCalled();
    expect(frameOf()).toBeDefined();
  });

  it('shows the timeout copy and reports 1001 frame_timeout when no hello comes', async () => {
    const onError = vi.fn();
    mountCard({ onError, locale: 'zh_CN', helloTimeoutMs: 20 });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError).toHaveBeenCalledWith({
      code: 1001,
      message: COPY_FRAME_TIMEOUT.text.zh_CN.title,
      locale: 'zh_CN',
      reason: 'frame_timeout',
      retryable: true,
    });
    const alert = root.children[0]!.children[0]!;
    expect(alert.dataset.errorCode).toBe('1001');
    expect(alert.text).toBe(`${COPY_FRAME_TIMEOUT.text.zh_CN.title} | ${COPY_FRAME_TIMEOUT.text.zh_CN.detail} | 错误代码 1001`);
    expect(alert.lang).toBe('zh-CN'); // read with a Chinese voice on an English page
    expect(removeEventListener).toHaveBeenCalled();
  });

  it('shows the code alone, and still reports 1001 frame_timeout, when the embed check failed too', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const onError = vi.fn();
    mountCard({ onError, helloTimeoutMs: 20 });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 1001, reason: 'frame_timeout', retryable: true });
    const alert = root.children[0]!.children[0]!;
    expect(alert.attributes.role).toBe('alert');
    expect(alert.text).toBe('1001');
  });

  it('does not time out once the hello has come', async () => {
    const onError = vi.fn();
    mountCard({ onError, helloTimeoutMs: 20 });
    await handshake();
    await tick();
    await tick();
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('destroy', () => {
  it('removes everything, is idempotent, and no callback or message follows', async () => {
    const onReveal = vi.fn();
    const onError = vi.fn();
    const display = mountCard({ onReveal, onError, helloTimeoutMs: 20 });
    const { port } = await handshake();
    // the SDK's end of the channel closes: nothing the frame sends can reach a callback
    const closed = new Promise((resolve) => port.addEventListener('close', resolve));
    display.destroy();
    display.destroy();
    expect(root.children).toEqual([]);
    await closed;
    send(port, { type: 'reveal', field: 'pan' });
    await tick();
    await tick();
    expect(onReveal).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(() => {
      display.reveal('pan');
      display.setLocale('zh_CN');
      display.update({});
    }).not.toThrow();
  });

  it('sends no token when destroyed before the hello, and reports nothing after', async () => {
    allowEmbedding(refused(1015, 'no'));
    const onError = vi.fn();
    const display = mountCard({ onError, helloTimeoutMs: 20 });
    const frame = frameOf()!;
    display.destroy();
    const event = new MessageEvent('message', {
      data: { cardveil: 1, type: 'hello', frame_id: frameIdOf(frame) },
      origin: ORIGIN,
    });
    Object.defineProperty(event, 'source', { value: frame.contentWindow });
    windowTarget.dispatchEvent(event);
    await tick();
    await tick();
    expect(frame.contentWindow!.postMessage).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('sends no token when destroyed between the hello and the token’s arrival', async () => {
    let resolveToken: (token: string) => void = () => {};
    const display = mountCard({ getClientAccessToken: () => new Promise((resolve) => (resolveToken = resolve)) });
    const frame = frameOf()!;
    const event = new MessageEvent('message', {
      data: { cardveil: 1, type: 'hello', frame_id: frameIdOf(frame) },
      origin: ORIGIN,
    });
    Object.defineProperty(event, 'source', { value: frame.contentWindow });
    windowTarget.dispatchEvent(event);
    display.destroy();
    resolveToken(TOKENS[0]!);
    await tick();
    expect(frame.contentWindow!.postMessage).not.toHaveBeenCalled();
  });

  it('survives React StrictMode’s mount, destroy, mount with one frame and no crosstalk', async () => {
    const first = vi.fn();
    const second = vi.fn();
    mountCard({ onReady: first }).destroy();
    mountCard({ onReady: second });
    expect(root.children).toHaveLength(1);
    const { port } = await handshake();
    send(port, { type: 'ready', fields: ['pan'], card: { brand: 'visa', last4: '4242', type: 'virtual' } });
    await vi.waitFor(() => expect(second).toHaveBeenCalledOnce());
    expect(first).not.toHaveBeenCalled();
  });
});

describe('a second mount into the same element', () => {
  it('replaces the display there rather than stacking a second card, and the first falls silent', async () => {
    const first = { onReady: vi.fn(), onError: vi.fn() };
    const second = vi.fn();
    const earlier = mountCard({ ...first, helloTimeoutMs: 20 });
    const earlierFrame = frameOf()!;
    mountCard({ onReady: second });
    expect(root.children).toHaveLength(1);
    expect(frameOf()).not.toBe(earlierFrame);
    const { port } = await handshake();
    send(port, { type: 'ready', fields: ['pan'], card: { brand: 'visa', last4: '4242', type: 'virtual' } });
    await vi.waitFor(() => expect(second).toHaveBeenCalledOnce());
    await tick();
    await tick();
    // its hello timer (20 ms) is gone with it: no 1001 for a frame no longer there
    expect(first.onReady).not.toHaveBeenCalled();
    expect(first.onError).not.toHaveBeenCalled();
    expect(() => earlier.reveal('pan')).not.toThrow();
    expect(root.children).toHaveLength(1);
  });
});

describe('focus when a frame is replaced', () => {
  const setFocus = (el: unknown) => ((document as unknown as { activeElement: unknown }).activeElement = el);
  const nextFrame = () =>
    vi.waitFor(() => expect(frameOf()!.contentWindow!.postMessage).not.toHaveBeenCalled()).then(() => frameOf()!);

  it('follows a retry pressed in the frame into the new one, named first', async () => {
    mountCard();
    const { port } = await handshake();
    setFocus(frameOf());
    send(port, { type: 'retry' });
    const next = await nextFrame();
    expect(next.focused).toBe(true);
    expect(next.nameWhenFocused).toBe('Card details'); // a reader says what it entered
  });

  it('goes to the container’s error when the focused frame gives way to one, and stays on it as its words arrive', async () => {
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))),
    );
    const onError = vi.fn();
    mountCard({ onError, helloTimeoutMs: 20 });
    frameOf()!.focus();
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    const alert = root.children[0]!.children[0]!;
    expect(alert.dataset.errorCode).toBe('1001');
    expect(alert.tabIndex).toBe(-1); // focusable from script, not a tab stop
    expect(alert.focused).toBe(true);
    answer(new Response(JSON.stringify(ALLOWED))); // the embed check's words repaint the error
    await vi.waitFor(() => expect(root.children[0]!.children[0]!.text).toContain(COPY_FRAME_TIMEOUT.text.en_US.title));
    const worded = root.children[0]!.children[0]!;
    expect(worded).not.toBe(alert);
    expect(worded.focused).toBe(true);
    expect(worded.lang).toBe('en-US');
  });

  it('leaves the merchant’s focus alone when an error replaces a frame that did not have it', async () => {
    const input = new FakeElement('input');
    input.focus();
    const onError = vi.fn();
    mountCard({ onError, helloTimeoutMs: 20 });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(root.children[0]!.children[0]!.focused).toBe(false);
    expect((document as unknown as { activeElement: unknown }).activeElement).toBe(input);
  });

  it('stays put when the old frame did not have it: a tap that focused nothing, or a silent refresh', async () => {
    const input = new FakeElement('input');
    setFocus(input);
    mountCard();
    let { port } = await handshake();
    send(port, { type: 'retry' }); // a tap in Safari does not focus the button it presses
    expect((await nextFrame()).focused).toBe(false);
    ({ port } = await handshake());
    send(port, { type: 'error', error: { code: 1014, message: 'expired', retryable: false } });
    expect((await nextFrame()).focused).toBe(false);
  });
});
