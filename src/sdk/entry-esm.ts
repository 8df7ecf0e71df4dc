/**
 * `/sdk/v1/cardveil.mjs`: the display origin is the module's own. A merchant bundling
 * the SDK into its own code (the `cardveil/sdk` package export) loads it from its own
 * origin, and must then pass `origin` to mount.
 */
import { setDefaultOrigin } from './default-origin.js';

setDefaultOrigin(new URL(import.meta.url).origin);

export * from './index.js';
