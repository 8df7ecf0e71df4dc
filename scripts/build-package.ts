/**
 * Cuts the merchant package into dist/package: what a merchant installs to bundle the SDK or
 * the React binding into its own app (DESIGN §2: the SDK is "also importable from the
 * package"). It holds two ES modules, their declaration files (tsconfig.package.json) and a
 * package.json of its own. The repository's package.json describes the service: private, with
 * the server's libraries as dependencies. This one is installable and has no dependencies;
 * `react` is an optional peer, since only `cardveil/react` needs it.
 *
 * - `cardveil/sdk`: the SDK from its package entry (src/sdk/entry-package.ts), whose `origin`
 *   is required: the script builds' default, where they were loaded from, means nothing once
 *   bundled;
 * - `cardveil/react`: the React binding as scripts/build-react.ts builds it (run first).
 *
 * `npm pack dist/package` makes the tarball a merchant installs; docs/merchant-package.md,
 * its README, says how.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BUNDLE_DEFAULTS } from './esbuild-options.js';

const OUT = 'dist/package';

/** Each export: its module in the package, and the declaration file tsc writes for its source. */
const EXPORTS = {
  sdk: { file: 'sdk/cardveil.mjs', types: 'types/sdk/entry-package.d.ts' },
  react: { file: 'react/card-display.mjs', types: 'types/react/card-display.d.ts' },
} as const;

const service = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

rmSync(OUT, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.package.json'], { stdio: 'inherit' });
await build({
  ...BUNDLE_DEFAULTS,
  entryPoints: ['src/sdk/entry-package.ts'],
  format: 'esm',
  outfile: join(OUT, EXPORTS.sdk.file),
});
mkdirSync(dirname(join(OUT, EXPORTS.react.file)), { recursive: true });
copyFileSync('dist/react/card-display.mjs', join(OUT, EXPORTS.react.file));

const manifest = {
  name: 'cardveil',
  version: service.version,
  description: 'Cardveil for merchant apps: the card display SDK and its React component',
  license: 'UNLICENSED',
  type: 'module',
  exports: {
    ...Object.fromEntries(
      Object.entries(EXPORTS).map(([name, { file, types }]) => [`./${name}`, { types: `./${types}`, default: `./${file}` }]),
    ),
    './package.json': './package.json',
  },
  // for TypeScript's older `moduleResolution: "node"`, which reads no exports map
  typesVersions: { '*': Object.fromEntries(Object.entries(EXPORTS).map(([name, { types }]) => [name, [types]])) },
  peerDependencies: { react: '>=18' },
  peerDependenciesMeta: { react: { optional: true } },
};
writeFileSync(join(OUT, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync('docs/merchant-package.md', join(OUT, 'README.md'));
console.log(`built ${OUT} (npm pack ${OUT} makes the tarball)`);
