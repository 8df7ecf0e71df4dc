import { parseLocale } from '../../shared/locale.js';
import { isOpaqueId } from '../../shared/protocol.js';
import type { FrameKeyPair } from '../crypto/keypair.js';
import { createFrameEvents } from './frame-events.js';
import { DEFAULT_AUTO_HIDE_SECONDS, createHostStore, type FrameHost } from './frame-host.js';
import { findNativeBridge, postToNative } from './native-bridge.js';

/**
 * The full page (`/hosted#token=...&locale=...`), in a browser or a mobile web view.
 * The token travels in the fragment so that it reaches no server log.
 */
export function createHostedHost(win: Window, keyPair: Promise<FrameKeyPair>): FrameHost {
  const fragment = new URLSearchParams(win.location.hash.slice(1));
  const token = fragment.get('token');
  const locale = parseLocale(fragment.get('locale') ?? new URLSearchParams(win.location.search).get('locale'));
  // Before any request: the token leaves the address bar, the history entry and any
  // later Referer for good.
  win.history.replaceState(null, '', win.location.pathname + win.location.search);

  const store = createHostStore({
    phase: isOpaqueId(token) ? 'started' : 'failed',
    ...(isOpaqueId(token)
      ? { request: { token, mode: 'hosted' as const } }
      : { failure: { code: 1014, reason: 'missing_token' } }),
    locale,
    appearance: {},
    autoHideSeconds: DEFAULT_AUTO_HIDE_SECONDS,
    canRefresh: false,
  });

  return {
    mode: 'hosted',
    keyPair,
    events: createFrameEvents(
      (msg) => postToNative(win, msg),
      () => store.get().locale,
    ),
    canClose: () => findNativeBridge(win) !== null,
    getState: store.get,
    subscribe: store.subscribe,
    onCommand: store.onCommand,
  };
}
