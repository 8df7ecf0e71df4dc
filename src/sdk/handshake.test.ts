import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awaitHello, openChannel } from './handshake.js';
import type { InitMessage } from '../shared/protocol.js';

// No DOM in these tests: the window is an EventTarget, the iframe an object whose
// contentWindow is a stand-in for the frame's window.
const ORIGIN = 'https://display.example';
const FRAME_ID = 'AAAAAAAAAAAAAAAAAAAAAA';
let windowTarget: EventTarget;
let frameWindow: { postMessage: ReturnType<typeof vi.fn> };
let frame: HTMLIFrameElement;

beforeEach(() => {
  windowTarget = new EventTarget();
  vi.stubGlobal('addEventListener', windowTarget.addEventListener.bind(windowTarget));
  vi.stubGlobal('removeEventListener', windowTarget.removeEventListener.bind(windowTarget));
  frameWindow = { postMessage: vi.fn() };
  frame = { contentWindow: frameWindow } as unknown as HTMLIFrameElement;
});

afterEach(() => vi.unstubAllGlobals());

function post(data: unknown, origin = ORIGIN, source: unknown = frameWindow) {
  const event = new MessageEvent('message', { data, origin });
  Object.defineProperty(event, 'source', { value: source });
  windowTarget.dispatchEvent(event);
}

const hello = { cardveil: 1, type: 'hello', frame_id: FRAME_ID };
const TIMEOUT_MS = 1000;
const wait = (onHello: () => void, onTimeout = vi.fn()) => awaitHello(frame, FRAME_ID, ORIGIN, TIMEOUT_MS, onHello, onTimeout);

describe('awaitHello', () => {
  // Scenario table, penpal style: every message but the last row's must be dropped.
  const dropped: [string, unknown, string, unknown][] = [
    ['a hello from another window', hello, ORIGIN, {}],
    ['a hello with no source (not a window)', hello, ORIGIN, null],
    ['a hello from our frame but another origin', hello, 'https://evil.example', undefined],
    ['a hello from our frame but the display origin with another port', hello, 'https://display.example:444', undefined],
    ['a hello from our frame but the display origin over http', hello, 'http://display.example', undefined],
    ['a hello from a sandboxed, opaque origin', hello, 'null', undefined],
    ['a hello for another frame id', { ...hello, frame_id: 'BBBBBBBBBBBBBBBBBBBBBB' }, ORIGIN, undefined],
    ['a hello without the cardveil namespace', { type: 'hello', frame_id: FRAME_ID }, ORIGIN, undefined],
    ['a hello of another protocol version', { ...hello, cardveil: 2 }, ORIGIN, undefined],
    ['another message type', { ...hello, type: 'ready' }, ORIGIN, undefined],
    ['a string', JSON.stringify(hello), ORIGIN, undefined],
    ['null', null, ORIGIN, undefined],
  ];

  it.each(dropped)('drops %s', (_, data, origin, source) => {
    const onHello = vi.fn();
    wait(onHello);
    post(data, origin, source === undefined ? frameWindow : source);
    expect(onHello).not.toHaveBeenCalled();
  });

  it('hears every hello of its own frame, from the display origin (a second is a document loaded anew), until stopped', () => {
    const onHello = vi.fn();
    const stop = wait(onHello);
    post(hello);
    stop(1); // init sent: the clock stops, the listening goes on
    post(hello);
    expect(onHello).toHaveBeenCalledTimes(2);
    stop();
    post(hello);
    expect(onHello).toHaveBeenCalledTimes(2);
  });

  it('checks the source before reading anything else of the message', () => {
    let reads = 0;
    const data = {
      get cardveil() {
        reads++;
        return 1;
      },
    };
    wait(vi.fn());
    post(data, ORIGIN, {});
    // a listener's throw would be swallowed by dispatchEvent: count the reads instead
    expect(reads).toBe(0);
  });

  it('gives up after timeoutMs without a hello, and stops listening', () => {
    vi.useFakeTimers();
    try {
      const onHello = vi.fn();
      const onTimeout = vi.fn();
      wait(onHello, onTimeout);
      post({ ...hello, frame_id: 'BBBBBBBBBBBBBBBBBBBBBB' });
      vi.advanceTimersByTime(TIMEOUT_MS - 1);
      expect(onTimeout).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(onTimeout).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the clock after the hello until stopped (init sent), and not after', () => {
    vi.useFakeTimers();
    try {
      const helloOnly = vi.fn();
      const onHello = vi.fn();
      wait(onHello, helloOnly);
      post(hello);
      expect(onHello).toHaveBeenCalledOnce();
      // init sent: stopped with the listener kept, as the display does
      const initSent = vi.fn();
      const onLaterHello = vi.fn();
      const stop = wait(onLaterHello, initSent);
      post(hello);
      stop(1);
      vi.advanceTimersByTime(TIMEOUT_MS);
      expect(helloOnly).toHaveBeenCalledOnce(); // a hello alone, and no init: the token never came
      expect(initSent).not.toHaveBeenCalled();
      // still listening: a frame loaded anew says hello again
      post(hello);
      expect(onLaterHello).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('can be stopped before any hello arrives', () => {
    const onHello = vi.fn();
    const stop = wait(onHello);
    stop();
    post(hello);
    expect(onHello).not.toHaveBeenCalled();
  });
});

describe('openChannel', () => {
  const init: InitMessage = { cardveil: 1, type: 'init', frame_id: FRAME_ID, token: 'cat_0123456789abcdef', locale: 'en_US' };

  it('posts init to the display origin exactly, never "*", transferring one port', () => {
    const port = openChannel(frame, ORIGIN, init, vi.fn());
    expect(frameWindow.postMessage).toHaveBeenCalledOnce();
    const [message, targetOrigin, transfer] = frameWindow.postMessage.mock.calls[0]!;
    expect(message).toEqual(init);
    expect(targetOrigin).toBe(ORIGIN);
    expect(transfer).toHaveLength(1);
    expect(transfer[0]).toBeInstanceOf(MessagePort);
    port.close();
    (transfer[0] as MessagePort).close();
  });

  it('passes each port message on as it came: the display checks what it uses', async () => {
    const received: unknown[] = [];
    const port = openChannel(frame, ORIGIN, init, (m) => received.push(m));
    const framePort = frameWindow.postMessage.mock.calls[0]![2][0] as MessagePort;
    framePort.postMessage('garbage');
    framePort.postMessage({ cardveil: 1, type: 'reveal', field: 'cvv' });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received).toEqual(['garbage', { cardveil: 1, type: 'reveal', field: 'cvv' }]);
    port.close();
    framePort.close();
  });
});
