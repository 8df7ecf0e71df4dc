/**
 * `/sdk/v1/cardveil.js`, built as an IIFE with the global name `Cardveil`. The default
 * display origin is the origin of this script, read while it evaluates: the only
 * moment `document.currentScript` points at it.
 */
import { setScriptUrl } from './script-url.js';

setScriptUrl((document.currentScript as HTMLScriptElement | null)?.src);

export { CardveilError, mount } from './index.js';
