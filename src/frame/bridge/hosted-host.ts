import { isOpaqueId } from '../../shared/protocol.js';
import type { FrameKeyPair } from '../crypto/keypair.js';
import { createFrameEvents } from './frame-events.js';
import { DEFAULT_AUTO_HIDE_SECONDS, createHostStore, refusedLoad, type FrameHost } from './frame-host.js';
import { findNativeBridge, postToNative } from './native-bridge.js';
import { hostedLocale, takeHostedFragment } from './hosted-fragment.js';
import { takeEarly } from '../boot/early-slots.js';
import { readPageRefusal } from '../../shared/page-refusal.js';

/**
 * The full page (`/hosted#token=...&locale=...`), in a browser or a mobile web view. The
 * page's early script has usually taken the fragment out of the URL already
 * (boot/early-hosted.ts); where it did not run, that happens here, before any request.
 */
export function createHostedHost(win: Window, keyPair: Promise<FrameKeyPair>): FrameHost {
  const fragment = takeEarly('fragment') ?? takeHostedFragment(win);
  const token = fragment.token;
  const locale = hostedLocale(fragment, win);
  // the server would not let this load go on (shared/page-refusal.ts): the token stays unspent
  const refusal = readPageRefusal(win.document);

  const store = createHostStore({
    phase: refusal === undefined && isOpaqueId(token) ? 'started' : 'failed',
    ...(refusal !== undefined
      ? { failure: refusedLoad(refusal) }
      : isOpaqueId(token)
        ? { request: { token, mode: 'hosted' as const } }
        : { failure: { code: 1014, reason: 'missing_token' } }),
    locale,
    // the phone's light or dark setting, as the app around it follows: an app has no
    // appearance to pass (the page's static error page follows it too)
    appearance: { theme: 'auto' },
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
