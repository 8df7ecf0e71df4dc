/**
 * `/sdk/v1/cardveil.mjs`: the default display origin is this module's. A merchant that
 * bundles the SDK into its own code (the package's `./sdk` export) serves it from its
 * own origin, and must then pass `origin` to mount.
 */
import { setScriptUrl } from './script-url.js';

setScriptUrl(import.meta.url);

export * from './index.js';
