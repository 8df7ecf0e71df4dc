import type { OutboundMessage } from './frame-events.js';

/** The hooks a mobile app's web view may inject (DESIGN §7, hosted mode). */
interface NativeHooks {
  ReactNativeWebView?: { postMessage(data: string): void };
  webkit?: { messageHandlers?: { cardveil?: { postMessage(data: unknown): void } } };
  CardveilAndroid?: { postMessage(data: string): void };
}

/** Finds the app's bridge, looked up on each send since apps may inject it late. */
export function findNativeBridge(win: Window): ((msg: OutboundMessage) => void) | null {
  const hooks = win as unknown as NativeHooks;
  const rn = hooks.ReactNativeWebView;
  if (typeof rn?.postMessage === 'function') return (msg) => rn.postMessage(JSON.stringify(msg));
  const ios = hooks.webkit?.messageHandlers?.cardveil;
  // WKScriptMessageHandler takes structured data: the object itself, not a string.
  if (typeof ios?.postMessage === 'function') return (msg) => ios.postMessage(JSON.parse(JSON.stringify(msg)));
  const android = hooks.CardveilAndroid;
  if (typeof android?.postMessage === 'function') return (msg) => android.postMessage(JSON.stringify(msg));
  return null;
}

/** Layout and the SDK's retry mean nothing to an app; everything else is forwarded. */
export function postToNative(win: Window, msg: OutboundMessage): void {
  if (msg.type === 'resize' || msg.type === 'retry') return;
  try {
    findNativeBridge(win)?.(msg);
  } catch {
    // A broken bridge must not break the page.
  }
}
