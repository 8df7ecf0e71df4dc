/**
 * `/sdk/v1/cardveil.js`, an IIFE that defines the global `Cardveil`. The default
 * display origin is the origin of this script, read while it evaluates: the only
 * moment `document.currentScript` points at it. Only a script element counts: markup
 * injected into the merchant's page, such as `<img name="currentScript" src="…">`,
 * shadows `document.currentScript` (named properties override the document's own), and
 * would otherwise send the token to its origin. Without one, `origin` must be given.
 */
import { CardveilError, mount } from './index.js';
import { setScriptUrl } from './script-url.js';

const script = document.currentScript;
setScriptUrl(script instanceof HTMLScriptElement ? script.src : undefined);

declare global {
  var Cardveil: { mount: typeof mount; CardveilError: typeof CardveilError };
}
self.Cardveil = { mount, CardveilError };
