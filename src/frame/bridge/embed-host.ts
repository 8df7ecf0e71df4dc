import { checkAppearance } from '../../shared/appearance.js';
import { parseLocale } from '../../shared/locale.js';
import { isOpaqueId, isParentToFrameMessage, type InitMessage } from '../../shared/protocol.js';
import type { FrameKeyPair } from '../crypto/keypair.js';
import { createFrameEvents, type OutboundMessage } from './frame-events.js';
import { DEFAULT_AUTO_HIDE_SECONDS, createHostStore, type FrameHost, type HostState } from './frame-host.js';
import { startParentHandshake } from './parent-handshake.js';

/**
 * The frame inside a merchant's page (`/embed?merchant_id&frame_id&locale`). Starts the
 * handshake at once; after `init` every message, both ways, travels over its port.
 */
export function createEmbedHost(win: Window, keyPair: Promise<FrameKeyPair>): FrameHost {
  const query = new URLSearchParams(win.location.search);
  const frameId = query.get('frame_id');
  const store = createHostStore({
    phase: 'waiting',
    locale: parseLocale(query.get('locale')),
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

  const onPortMessage = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (!isParentToFrameMessage(data)) return;
    if (data.type === 'set-locale') store.set({ locale: data.locale });
    else if (data.type === 'update') {
      const checked = checkAppearance(data.appearance);
      if (typeof checked == 'object') store.set({ appearance: { ...store.get().appearance, ...checked } });
    } else store.command({ type: data.type, ...(data.field ? { field: data.field } : {}) });
  };

  const accept = (init: InitMessage, parentOrigin: string, acceptedPort: MessagePort): void => {
    port = acceptedPort;
    port.onmessage = onPortMessage; // assigning onmessage also starts the port
    if (pendingResize) port.postMessage(pendingResize);
    const appearance = checkAppearance(init.appearance);
    const patch: Partial<HostState> = {
      phase: 'started',
      request: { token: init.token, mode: 'embed', parentOrigin, ...(init.fields ? { fields: init.fields } : {}) },
      locale: init.locale,
      appearance: typeof appearance == 'object' ? appearance : {},
      autoHideSeconds: init.auto_hide_seconds ?? DEFAULT_AUTO_HIDE_SECONDS,
      canRefresh: init.can_refresh === true,
    };
    store.set(patch);
  };

  if (win.parent === win) {
    // Opened as a page of its own: there is no merchant to speak to (1018's copy).
    store.set({ phase: 'failed', failure: { code: 1018, reason: 'not_framed' } });
  } else if (!isOpaqueId(frameId)) {
    store.set({ phase: 'failed', failure: { code: 1018, reason: 'bad_frame_id' } });
  } else {
    startParentHandshake(win, frameId, (verdict) => {
      if (verdict.kind === 'accept') accept(verdict.init, verdict.parentOrigin, verdict.port);
      else store.set({ phase: 'failed', failure: { code: 1015, reason: verdict.reason } });
    });
  }

  return {
    mode: 'embed',
    keyPair,
    events: createFrameEvents(send, () => store.get().locale),
    canClose: () => false,
    getState: store.get,
    subscribe: store.subscribe,
    onCommand: store.onCommand,
  };
}
