import { isFrameId, isInitMessage, message, type HelloMessage, type InitMessage } from '../../shared/protocol.js';

/**
 * The frame's side of protocol v1 (DESIGN §7, shared/protocol.ts):
 *
 * 1. Post `hello {frame_id}` to window.parent with target `*`: it carries no secret,
 *    and the parent's origin is not known yet. No other message ever uses `*`.
 * 2. Take `init` only from window.parent, well-formed, for our frame_id, from a real
 *    (not opaque) origin, with a MessagePort. Anything else is dropped without a word:
 *    checked in penpal's order, source first, then shape, then origin.
 * 3. Cross-check that origin with `location.ancestorOrigins[0]` where the browser has
 *    it; a mismatch or an opaque ancestor fails closed (1015), before any exchange.
 * 4. Stop listening on window. From here on only the port speaks.
 */

export interface InitEventLike {
  source: unknown;
  origin: string;
  data: unknown;
  ports: readonly MessagePort[];
}

export type InitVerdict =
  | { kind: 'ignore' }
  | { kind: 'accept'; init: InitMessage; port: MessagePort; parentOrigin: string }
  | { kind: 'refuse'; reason: 'ancestor_mismatch' | 'opaque_ancestor' };

const IGNORE: InitVerdict = { kind: 'ignore' };

export type HandshakeVerdict = Exclude<InitVerdict, { kind: 'ignore' }>;

/** Starts the handshake; `settle` hears its one verdict. */
export type HandshakeStart = (settle: (verdict: HandshakeVerdict) => void) => void;

/**
 * The frame id the page was opened with (`/embed?frame_id=`), or why no handshake can run:
 * a page that is not framed has no merchant to speak to, and an id that is not ours
 * cannot match any `init`. Both are 1018.
 */
export function embedFrameId(win: Window): { frameId: string } | { refused: 'not_framed' | 'bad_frame_id' } {
  if (win.parent === win) return { refused: 'not_framed' };
  const frameId = new URLSearchParams(win.location.search).get('frame_id');
  return isFrameId(frameId) ? { frameId } : { refused: 'bad_frame_id' };
}

export function judgeInit(
  event: InitEventLike,
  frameId: string,
  parent: unknown,
  ancestorOrigin: string | undefined,
): InitVerdict {
  if (event.source !== parent) return IGNORE;
  const data = event.data;
  if (!isInitMessage(data) || data.frame_id !== frameId) return IGNORE;
  const port = event.ports[0];
  if (typeof event.origin !== 'string' || event.origin === 'null' || !port) return IGNORE;
  if (ancestorOrigin === 'null') return { kind: 'refuse', reason: 'opaque_ancestor' };
  if (ancestorOrigin !== undefined && ancestorOrigin !== event.origin) return { kind: 'refuse', reason: 'ancestor_mismatch' };
  return { kind: 'accept', init: data, port, parentOrigin: event.origin };
}

/** Runs the handshake once; `settle` gets the first verdict that is not `ignore`. */
export function startParentHandshake(win: Window, frameId: string, settle: (verdict: HandshakeVerdict) => void): () => void {
  // Chromium and WebKit only; Firefox leaves it undefined and we rely on event.origin.
  const ancestor = win.location.ancestorOrigins?.[0];
  if (ancestor === 'null') {
    settle({ kind: 'refuse', reason: 'opaque_ancestor' });
    return () => undefined;
  }
  const onMessage = (event: MessageEvent): void => {
    let verdict: InitVerdict;
    try {
      verdict = judgeInit(event, frameId, win.parent, ancestor);
    } catch {
      return; // hostile input never throws out of the listener
    }
    if (verdict.kind === 'ignore') return;
    win.removeEventListener('message', onMessage);
    if (verdict.kind === 'refuse') event.ports[0]?.close();
    settle(verdict);
  };
  win.addEventListener('message', onMessage);
  win.parent.postMessage(message<HelloMessage>({ type: 'hello', frame_id: frameId }), '*');
  return () => win.removeEventListener('message', onMessage);
}
