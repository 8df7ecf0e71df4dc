import type { Settings } from './options.js';

/**
 * Protocol v1 step 1: the iframe, `/embed?merchant_id&frame_id&locale` on the display
 * origin. Its accessible name (`title`) comes with the embed check's answer (display.ts). The URL is
 * written out, not built with URLSearchParams: nothing in it needs escaping, since
 * options.ts lets through only a merchant id of `mch_` and `[\w-]` and one of the two
 * locales, and the frame id is digits and `_` (frame-id.ts).
 */
export function createFrame(s: Settings, frameId: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = `${s.origin}/embed?merchant_id=${s.merchantId}&frame_id=${frameId}&locale=${s.locale}`;
  frame.allow = 'clipboard-write';
  // until the frame reports its height (resize), one that fits the four fields
  frame.style.cssText = 'border:0;width:100%;display:block;height:220px';
  return frame;
}
