import { isHelloFor, type InitMessage } from '../shared/protocol.js';

/**
 * The parent's half of protocol v1 (DESIGN §7, shared/protocol.ts):
 *
 * 1. The SDK has created the iframe with a random frame_id (frame.ts, frame-id.ts).
 * 2. It listens on window for `hello`, `timeoutMs` at most, and drops, in this order, any
 *    message whose source is not our iframe's window, whose shape is not a hello for our
 *    frame_id, or whose origin is not exactly the display origin (penpal's order: the
 *    unforgeable check first, and nothing reads the data of a stranger's message).
 * 3. It posts `init`, which holds the token, to the display origin exactly, never '*':
 *    should the iframe have been navigated elsewhere, the browser drops the message and
 *    the token with it. `init` transfers port2 of a MessageChannel. It goes on listening
 *    for the frame's life: a frame says hello once per document, so another hello means
 *    the browser loaded it anew (the page moved it), and its view and port are gone.
 * 4. Everything after travels over port1, which only the two ends hold. The display
 *    checks each message there for what it passes on (display.ts).
 */
export function awaitHello(
  frame: HTMLIFrameElement,
  frameId: string,
  origin: string,
  timeoutMs: number,
  onHello: () => void,
  onTimeout: () => void,
): (keepListening?: 1) => void {
  // The timer runs on after a hello, until the caller's `stop(1)` once `init` is sent: a
  // token that never comes (the merchant's backend hung) times out like a frame.
  const listen = (event: MessageEvent) => {
    if (event.source === frame.contentWindow && isHelloFor(event.data, frameId) && event.origin === origin) onHello();
  };
  const timer = setTimeout(onTimeout, timeoutMs);
  addEventListener('message', listen);
  return (keepListening) => {
    clearTimeout(timer);
    if (!keepListening) removeEventListener('message', listen);
  };
}

export function openChannel(
  frame: HTMLIFrameElement,
  origin: string,
  init: InitMessage,
  onMessage: (data: unknown) => void,
): MessagePort {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = (event) => onMessage(event.data);
  frame.contentWindow?.postMessage(init, origin, [port2]);
  return port1;
}
