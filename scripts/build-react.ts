/**
 * Builds the React binding (`cardveil/react`, React left to the merchant's bundle) and
 * the demo merchant's React page (React bundled in, as a merchant's app would ship it).
 */
import { build } from 'esbuild';
import { BUNDLE_DEFAULTS, demoReactPageBuild } from './esbuild-options.js';

await Promise.all([
  build({
    ...BUNDLE_DEFAULTS,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    entryPoints: ['src/react/card-display.tsx'],
    format: 'esm',
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    // a client component for frameworks that render on the server (Next.js's App Router):
    // it mounts an iframe and reads the DOM. A banner, as esbuild drops the source's directive.
    banner: { js: "'use client';" },
    outfile: 'dist/react/card-display.mjs',
  }),
  build(demoReactPageBuild('dist/demo/react-page.js')),
]);
console.log('built dist/react and the demo React page');
