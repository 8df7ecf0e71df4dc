import type { Localized } from '../shared/locale.js';
import type { Settings } from './options.js';

/** The iframe's accessible name, which screen readers announce. */
export const FRAME_TITLE: Localized = { en_US: 'Card details', zh_CN: '卡片信息' };

/** Protocol v1 step 1: the iframe, `/embed?merchant_id&frame_id&locale` on the display origin. */
export function createFrame(s: Settings, frameId: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = `${s.origin}/embed?${new URLSearchParams({ merchant_id: s.merchantId, frame_id: frameId, locale: s.locale })}`;
  frame.allow = 'clipboard-write';
  frame.title = FRAME_TITLE[s.locale];
  // until the frame reports its height (resize), one that fits the four fields
  frame.style.cssText = 'border:0;width:100%;display:block;height:220px';
  return frame;
}
