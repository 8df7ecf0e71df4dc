import type { Plugin } from 'vite';

/** Where cipherModes.js sits, whatever the path separator. */
const CIPHER_MODES = /node-forge[\\/]lib[\\/]cipherModes\.js$/;
/** The first of the modes the frame never uses, and the one it does, which follows them. */
const FIRST_UNUSED = '/** Electronic codebook (ECB)';
const GCM = '/** Galois/Counter Mode (GCM) **/';

/**
 * node-forge's cipherModes.js defines six block cipher modes on one shared object, so no
 * bundler can drop the five the frame never uses: ECB, CBC, CFB, OFB and CTR. The frame
 * opens envelopes with AES-GCM only (crypto/decrypt.ts), so this cuts the five out of the
 * source, ≈ 1.2 KB gzip. aes.js still registers `AES-ECB` and the others, with no mode
 * behind them: a call to one would throw, failing closed.
 *
 * The frame's build only: unit tests load node-forge through Node, whole, and the e2e
 * suite opens real envelopes with the built frame. The build fails if the file no longer
 * has the two markers in that order (a forge upgrade that reorders it), rather than cutting
 * blindly or quietly growing the frame again.
 */
export function forgeGcmOnly(): Plugin {
  return {
    name: 'cardveil-forge-gcm-only',
    enforce: 'pre',
    transform(code, id) {
      if (!CIPHER_MODES.test(id)) return null;
      const from = code.indexOf(FIRST_UNUSED);
      const to = code.indexOf(GCM);
      if (from < 0 || to < from)
        this.error(`forge-gcm-only: ${id} no longer has its modes in the expected order; review the plugin`);
      return {
        code: `${code.slice(0, from)}/* ECB, CBC, CFB, OFB, CTR: cut (scripts/forge-gcm-only.ts) */\n${code.slice(to)}`,
        map: null,
      };
    },
  };
}
