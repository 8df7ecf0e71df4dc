/**
 * `/sdk/v1/cardveil.js`, built as an IIFE with global name `Cardveil`. The display
 * origin is the origin this script was served from, read while it evaluates: that is
 * the only moment `document.currentScript` points at it.
 */
import { setDefaultOrigin } from './default-origin.js';

const script = document.currentScript as HTMLScriptElement | null;
setDefaultOrigin(script?.src ? new URL(script.src).origin : undefined);

export { CardveilError, mount } from './index.js';
