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
