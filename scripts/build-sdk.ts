/**
 * Builds the merchant SDK (IIFE with global `Cardveil`, and ESM) and the demo
 * merchant's page script. The frame app is built by Vite (vite.config.ts).
 */
import { build, type BuildOptions } from 'esbuild';

const common: BuildOptions = { bundle: true, minify: true, target: 'es2020', legalComments: 'none', logLevel: 'warning' };

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/sdk/entry-iife.ts'],
    format: 'iife',
    globalName: 'Cardveil',
    outfile: 'dist/sdk/cardveil.js',
  }),
  build({ ...common, entryPoints: ['src/sdk/entry-esm.ts'], format: 'esm', outfile: 'dist/sdk/cardveil.mjs' }),
  build({ ...common, entryPoints: ['src/demo/client/demo-page.ts'], format: 'esm', outfile: 'dist/demo/demo-page.js' }),
]);
console.log('built dist/sdk and dist/demo');
