import type { Plugin } from 'vite';

/** Where pkcs1.js sits, whatever the path separator. */
const PKCS1 = /node-forge[\\/]lib[\\/]pkcs1\.js$/;
/** What pkcs1.js requires for what the frame never does. */
const UNUSED = ['./random', './sha1'];
const EMPTY = '\0forge-unused';

/**
 * node-forge's pkcs1.js requires './random' (and, through it, './prng') for OAEP encoding,
 * and './sha1' as the digest it falls back to when none is named. The frame only decodes,
 * naming SHA-256 for the label hash and for MGF1 (src/frame/crypto/rsa-oaep.ts), so none of
 * the three ever runs: resolved to an empty module, they cost the frame nothing, about 2 KB
 * gzip, and forge no longer seeds a PRNG of its own on every load (reading every string
 * property of `navigator` for entropy). Should a call ever fall back to SHA-1,
 * `forge.md.sha1` is undefined and the unwrap throws: it fails closed (4019).
 *
 * The frame's build only: unit tests load node-forge through Node, whole. The build fails
 * if pkcs1.js is bundled without both requires passing through here (a forge upgrade that
 * renames them), rather than quietly growing the frame again.
 */
export function forgeDecodeOnly(): Plugin {
  const left = new Set<string>();
  let sawPkcs1 = false;
  return {
    name: 'cardveil-forge-decode-only',
    enforce: 'pre',
    buildStart() {
      sawPkcs1 = false;
      left.clear();
    },
    resolveId(source, importer) {
      if (!importer || !PKCS1.test(importer)) return null;
      sawPkcs1 = true;
      if (!UNUSED.includes(source)) return null;
      left.add(source);
      return EMPTY;
    },
    load(id) {
      return id === EMPTY ? 'export {};' : null;
    },
    buildEnd(error) {
      const missed = UNUSED.filter((source) => !left.has(source));
      if (!error && sawPkcs1 && missed.length)
        this.error(`forge-decode-only: node-forge's pkcs1.js no longer requires ${missed.join(', ')}; review the plugin`);
    },
  };
}
