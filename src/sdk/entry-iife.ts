/**
 * `/sdk/v1/cardveil.js`, an IIFE that defines the global `Cardveil`. The default
 * display origin is the origin of this script, read while it evaluates: the only
 * moment `document.currentScript` points at it.
 */
import { CardveilError, mount } from './index.js';
import { setScriptUrl } from './script-url.js';

setScriptUrl((document.currentScript as HTMLScriptElement | null)?.src);

declare global {
  var Cardveil: { mount: typeof mount; CardveilError: typeof CardveilError };
}
self.Cardveil = { mount, CardveilError };
