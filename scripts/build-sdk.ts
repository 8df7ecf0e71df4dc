/**
 * Builds the merchant SDK (an IIFE that sets `self.Cardveil`, and ESM) and the demo
 * merchant's page script. The frame app is built by Vite (vite.config.ts).
 *
 * The SDK's budget is 2.4 KB gzip (DESIGN §9, enforced by .size-limit.json), so:
 * - the IIFE's entry assigns the global itself: esbuild's `globalName` would wrap the
 *   bundle in an ES-module namespace shim;
 * - esbuild bundles, then Vite's own minifier (oxc, a Vite dependency) minifies the
 *   result again: it folds and renames more than esbuild does (≈ 3% of the gzip size);
 * - `charset: 'utf8'` keeps any non-ASCII character as UTF-8, not a longer `\uXXXX`.
 */
import { build } from 'esbuild';
import { minifySync } from 'vite';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BUNDLE_DEFAULTS as common } from './esbuild-options.js';

/** Bundles `entry` and writes it to `outfile`, minified once more by oxc. */
async function buildSdk(entry: string, format: 'iife' | 'esm', outfile: string): Promise<void> {
  const out = await build({ ...common, entryPoints: [entry], format, write: false });
  const { code, errors } = minifySync(outfile, out.outputFiles[0]!.text, { module: format == 'esm' });
  if (errors.length) throw new Error(`minifying ${outfile}: ${errors.map((e) => e.message).join('; ')}`);
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, code);
}

await Promise.all([
  buildSdk('src/sdk/entry-iife.ts', 'iife', 'dist/sdk/cardveil.js'),
  buildSdk('src/sdk/entry-esm.ts', 'esm', 'dist/sdk/cardveil.mjs'),
  build({ ...common, entryPoints: ['src/demo/client/demo-page.ts'], format: 'esm', outfile: 'dist/demo/demo-page.js' }),
]);
console.log('built dist/sdk and dist/demo');
