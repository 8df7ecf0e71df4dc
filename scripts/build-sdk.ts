/**
 * Builds the merchant SDK (an IIFE that sets `self.Cardveil`, and ESM) and the demo
 * merchant's page script. The frame app is built by Vite (vite.config.ts).
 *
 * The SDK's budget is 2.4 KB gzip (DESIGN §9, enforced by .size-limit.json), so:
 * - the IIFE's entry assigns the global itself: esbuild's `globalName` would wrap the
 *   bundle in an ES-module namespace shim;
 * - esbuild only bundles and strips the types; UglifyJS minifies, with its safe
 *   transforms only: 2,299 B gzip where esbuild's minifier then oxc's made 2,371 B and
 *   Terser 2,330 B (docs/performance.md); a fourth compress pass takes 11 B more, and
 *   more passes nothing;
 * - `charset: 'utf8'` keeps any non-ASCII character as UTF-8, not a longer `\uXXXX`.
 */
import { build } from 'esbuild';
import UglifyJS from 'uglify-js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BUNDLE_DEFAULTS as common } from './esbuild-options.js';

/** Bundles `entry`, minifies it with UglifyJS and writes it to `outfile`. */
async function buildSdk(entry: string, format: 'iife' | 'esm', outfile: string): Promise<void> {
  const out = await build({ ...common, minify: false, entryPoints: [entry], format, write: false });
  const { code, error } = UglifyJS.minify(out.outputFiles[0]!.text, {
    compress: { passes: 4 },
    // an ES module's top level is its own; a script's is the page's, so it is left alone
    module: format == 'esm',
  });
  if (error) throw new Error(`minifying ${outfile}: ${error.message}`);
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, code);
}

await Promise.all([
  buildSdk('src/sdk/entry-iife.ts', 'iife', 'dist/sdk/cardveil.js'),
  buildSdk('src/sdk/entry-esm.ts', 'esm', 'dist/sdk/cardveil.mjs'),
  build({ ...common, entryPoints: ['src/demo/client/demo-page.ts'], format: 'esm', outfile: 'dist/demo/demo-page.js' }),
]);
console.log('built dist/sdk and dist/demo');
