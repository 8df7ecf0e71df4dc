/**
 * Cuts the merchant package into dist/package: what a merchant installs to bundle the SDK or
 * the React binding into its own app (DESIGN §2: the SDK is "also importable from the
 * package"). It holds the built ES modules (scripts/build-sdk.ts, scripts/build-react.ts, run
 * first), their declaration files (tsconfig.package.json) and a package.json of its own. The
 * repository's package.json describes the service: private, with the server's libraries as
 * dependencies. This one is installable and has no dependencies; `react` is an optional peer,
 * since only `cardveil/react` needs it.
 *
 * `npm pack dist/package` makes the tarball a merchant installs; docs/merchant-package.md,
 * its README, says how.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const OUT = 'dist/package';

/** Each export: the built module, and the declaration file tsc writes for its source. */
const EXPORTS = {
  './sdk': { built: 'dist/sdk/cardveil.mjs', file: 'sdk/cardveil.mjs', types: 'types/sdk/entry-esm.d.ts' },
  './react': { built: 'dist/react/card-display.mjs', file: 'react/card-display.mjs', types: 'types/react/card-display.d.ts' },
} as const;

const service = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; description: string };

rmSync(OUT, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.package.json'], { stdio: 'inherit' });

for (const { built, file } of Object.values(EXPORTS)) {
  mkdirSync(dirname(join(OUT, file)), { recursive: true });
  copyFileSync(built, join(OUT, file));
}

const manifest = {
  name: 'cardveil',
  version: service.version,
  description: 'Cardveil for merchant apps: the card display SDK and its React component',
  license: 'UNLICENSED',
  type: 'module',
  exports: {
    ...Object.fromEntries(
      Object.entries(EXPORTS).map(([path, { file, types }]) => [path, { types: `./${types}`, default: `./${file}` }]),
    ),
    './package.json': './package.json',
  },
  peerDependencies: { react: '>=18' },
  peerDependenciesMeta: { react: { optional: true } },
};
writeFileSync(join(OUT, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync('docs/merchant-package.md', join(OUT, 'README.md'));
console.log(`built ${OUT} (npm pack ${OUT} makes the tarball)`);
