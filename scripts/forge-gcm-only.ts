import type { Plugin } from 'vite';

/** Where the two files sit, whatever the path separator. */
const CIPHER_MODES = /node-forge[\\/]lib[\\/]cipherModes\.js$/;
const AES = /node-forge[\\/]lib[\\/]aes\.js$/;
/** The first of the modes the frame never uses, and the one it does, which follows them. */
const FIRST_UNUSED = '/** Electronic codebook (ECB)';
const GCM = '/** Galois/Counter Mode (GCM) **/';
/** What the cut may hold: these five modes, and nothing else defined at the top level. */
const UNUSED_MODES = 'cbc,cfb,ctr,ecb,ofb';

/**
 * node-forge's cipherModes.js defines six block cipher modes on one shared object, so no
 * bundler can drop the five the frame never uses: ECB, CBC, CFB, OFB and CTR. The frame
 * opens envelopes with AES-GCM only (crypto/decrypt.ts), so this cuts the five out of the
 * source: ≈ 700 B gzip of the frame's chunks. aes.js still registers `AES-ECB` and the others,
 * with no mode behind them: a call to one throws, failing closed.
 *
 * The frame's build only: unit tests load node-forge through Node, whole, and the e2e suite
 * opens real envelopes with the built frame. The build fails, rather than cutting blindly or
 * quietly growing the frame again, if a forge upgrade reorders the file, defines anything
 * else between the markers, or moves it so that aes.js is bundled without it passing here.
 */
export function forgeGcmOnly(): Plugin {
  let sawAes = false;
  let cut = false;
  return {
    name: 'cardveil-forge-gcm-only',
    enforce: 'pre',
    buildStart() {
      sawAes = false;
      cut = false;
    },
    transform(code, id) {
      if (AES.test(id)) sawAes = true;
      if (!CIPHER_MODES.test(id)) return null;
      const from = code.indexOf(FIRST_UNUSED);
      const to = code.indexOf(GCM);
      const unused = code.slice(from, to);
      const modes = [...unused.matchAll(/^modes\.(\w+) = /gm)].map((m) => m[1]).sort();
      if (from < 0 || to < from || modes.join() !== UNUSED_MODES || /^(?:function|var|let|const) /m.test(unused)) {
        this.error(`forge-gcm-only: ${id} no longer holds the five unused modes where expected; review the plugin`);
      }
      cut = true;
      return {
        code: `${code.slice(0, from)}/* ECB, CBC, CFB, OFB, CTR: cut (scripts/forge-gcm-only.ts) */\n${code.slice(to)}`,
        map: null,
      };
    },
    buildEnd(error) {
      if (!error && sawAes && !cut)
        this.error("forge-gcm-only: aes.js was bundled, but node-forge's cipherModes.js never passed here");
    },
  };
}
