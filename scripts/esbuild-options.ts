import type { BuildOptions } from 'esbuild';

/** What every esbuild bundle of ours shares: minified, modern, UTF-8 kept as UTF-8, quiet. */
export const BUNDLE_DEFAULTS: BuildOptions = {
  bundle: true,
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'utf8',
};

/**
 * The demo merchant's React page, React bundled in as a merchant's app would ship it.
 * `development`: React's own build with its checks (StrictMode's double mount among them),
 * as a merchant runs it locally; the e2e suite builds that one (integrator.spec.ts).
 */
export function demoReactPageBuild(outfile: string, nodeEnv: 'production' | 'development' = 'production'): BuildOptions {
  return {
    ...BUNDLE_DEFAULTS,
    minify: nodeEnv === 'production',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    entryPoints: ['src/demo/client/react-page.tsx'],
    format: 'esm',
    outfile,
  };
}
