import { applyAppearanceUpdate, checkAppearance } from '../../shared/appearance.js';
import { parseLocale } from '../../shared/locale.js';
import { isParentToFrameMessage, type InitMessage } from '../../shared/protocol.js';
import type { FrameKeyPair } from '../crypto/keypair.js';
import { createFrameEvents, type OutboundMessage } from './frame-events.js';
import { DEFAULT_AUTO_HIDE_SECONDS, createHostStore, refusedLoad, type FrameHost, type HostState } from './frame-host.js';
import { embedFrameId, startParentHandshake } from './parent-handshake.js';
import { takeEarly } from '../boot/early-slots.js';
import { readPageRefusal } from '../../shared/page-refusal.js';

/**
 * The frame inside a merchant's page (`/embed?merchant_id&frame_id&locale`). Takes over
 * the handshake the page's early script started (boot/early-embed.ts), or starts it at
 * once; after `init` every message, both ways, travels over its port.
 */
export function createEmbedHost(win: Window, keyPair: Promise<FrameKeyPair>): FrameHost {
  const store = createHostStore({
    phase: 'waiting',
    locale: parseLocale(new URLSearchParams(win.location.search).get('locale')),
    appearance: {},
    autoHideSeconds: DEFAULT_AUTO_HIDE_SECONDS,
    canRefresh: false,
  });

  let port: MessagePort | null = null;
  // Before the port exists only a height can be pending; the latest one is kept.
  let pendingResize: OutboundMessage | null = null;
  const send = (msg: OutboundMessage): void => {
    if (port) port.postMessage(msg);
    else if (msg.type === 'resize') pendingResize = msg;
  };
  const events = createFrameEvents(send, () => store.get().locale);

  /**
   * The appearance is checked here, where it is rendered, and only here: the SDK passes
   * the merchant's object on as it is. A refused one is reported to the merchant (1004
   * naming the token) and set aside whole; the card shows with what it had.
   */
  const applyAppearance = (value: unknown): void => {
    const checked = checkAppearance(value);
    if (typeof checked == 'string') events.refused(checked);
    else store.set({ appearance: applyAppearanceUpdate(store.get().appearance, checked) });
  };

  const onPortMessage = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (!isParentToFrameMessage(data)) return;
    if (data.type === 'set-locale') store.set({ locale: data.locale });
    else if (data.type === 'update') applyAppearance(data.appearance);
    else store.command({ type: data.type, ...(data.field ? { field: data.field } : {}) });
  };

  const accept = (init: InitMessage, parentOrigin: string, acceptedPort: MessagePort): void => {
    port = acceptedPort;
    port.onmessage = onPortMessage; // assigning onmessage also starts the port
    if (pendingResize) port.postMessage(pendingResize);
    // The server would not let this load go on (shared/page-refusal.ts): the parent hears why
    // over the port, and the token stays unspent.
    const refusal = readPageRefusal(win.document);
    const patch: Partial<HostState> = {
      ...(refusal
        ? { phase: 'failed', failure: refusedLoad(refusal) }
        : {
            phase: 'started',
            request: { token: init.token, mode: 'embed', parentOrigin, ...(init.fields ? { fields: init.fields } : {}) },
          }),
      locale: init.locale,
      autoHideSeconds: init.auto_hide_seconds ?? DEFAULT_AUTO_HIDE_SECONDS,
      canRefresh: init.can_refresh === true,
    };
    store.set(patch);
    // after the locale: a refusal is worded in the merchant's
    applyAppearance(init.appearance);
  };

  const frame = embedFrameId(win);
  if ('refused' in frame) {
    store.set({ phase: 'failed', failure: { code: 1018, reason: frame.refused } });
  } else {
    const handshake = takeEarly('handshake') ?? ((settle) => startParentHandshake(win, frame.frameId, settle));
    handshake((verdict) => {
      if (verdict.kind === 'accept') accept(verdict.init, verdict.parentOrigin, verdict.port);
      else store.set({ phase: 'failed', failure: { code: 1015, reason: verdict.reason } });
    });
  }

  return {
    mode: 'embed',
    keyPair,
    events,
    canClose: () => false,
    getState: store.get,
    subscribe: store.subscribe,
    onCommand: store.onCommand,
  };
}
