import type { Locale, Localized } from '../shared/locale.js';
import type { Settings } from './options.js';

const TITLE: Localized = { en_US: 'Card details', zh_CN: '卡片信息' };

/** Protocol v1 step 1: the iframe, `/embed?merchant_id&frame_id&locale` on the display origin. */
export function createFrame(s: Settings, frameId: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = `${s.origin}/embed?${new URLSearchParams({ merchant_id: s.merchantId, frame_id: frameId, locale: s.locale })}`;
  frame.allow = 'clipboard-write';
  // The merchant page's path and query are none of the display server's business.
  frame.referrerPolicy = 'origin';
  // Until the frame reports its height (resize), a height that fits the four fields.
  frame.style.cssText = 'border:0;width:100%;display:block;height:220px';
  setFrameTitle(frame, s.locale);
  return frame;
}

/** The accessible name screen readers announce for the frame. */
export function setFrameTitle(frame: HTMLIFrameElement, locale: Locale): void {
  frame.title = TITLE[locale];
}

/** The frame measures its content and reports it; the parent owns the iframe's box. */
export function setFrameHeight(frame: HTMLIFrameElement, height: number): void {
  frame.style.height = `${Math.ceil(height)}px`;
}
