import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The merchant package (scripts/build-package.ts) as a merchant's app meets it: copied into
 * the app's node_modules beside its own react, imported by name, type-checked against its
 * declaration files. Run after `npm run build`, as `npm test` does.
 */
const PACKAGE = resolve('dist/package');
let app: string;

beforeAll(() => {
  if (!existsSync(join(PACKAGE, 'package.json'))) throw new Error('dist/package is missing: run `npm run build` first');
  app = mkdtempSync(join(tmpdir(), 'cardveil-merchant-app-'));
  // a copy, not a link: Node and TypeScript would follow a link back to this repository and
  // find there whatever the package forgot to declare
  cpSync(PACKAGE, join(app, 'node_modules/cardveil'), { recursive: true });
  // the app's own react, as a peer
  mkdirSync(join(app, 'node_modules/@types'), { recursive: true });
  symlinkSync(resolve('node_modules/react'), join(app, 'node_modules/react'), 'dir');
  symlinkSync(resolve('node_modules/@types/react'), join(app, 'node_modules/@types/react'), 'dir');
});
afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

type Resolution = 'Bundler' | 'NodeNext' | 'Node10';

/** tsc's complaints about `source`, a module of the merchant's app, strict, as `resolution` finds the package. */
function typeErrors(source: string, resolution: Resolution = 'Bundler'): string[] {
  const dir = join(app, resolution);
  mkdirSync(dir, { recursive: true });
  // NodeNext reads a .tsx file as ESM only under a package.json that says so
  if (resolution === 'NodeNext') writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  const file = join(dir, 'card-page.tsx');
  writeFileSync(file, source);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: resolution === 'NodeNext' ? ts.ModuleKind.NodeNext : ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind[resolution],
    jsx: ts.JsxEmit.ReactJSX,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

/** The bare specifiers a module or declaration file imports: what a merchant's app must provide. */
function bareImports(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(m?js|d\.ts)$/.test(entry.name)) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"'.][^"']*)["']/g)) found.add(m[1]!);
  }
  return found;
}

const VALID = `
  import { mount, CardveilError, type CardDisplay as SdkDisplay, type DisplayError } from 'cardveil/sdk';
  import { CardDisplay, type Display } from 'cardveil/react';
  const display: SdkDisplay = mount('#card', {
    merchantId: 'mch_1',
    origin: 'https://cardveil.example',
    getClientAccessToken: async () => 'cat_token',
    fields: ['pan', 'expiry', 'cvv'],
    locale: 'zh_CN',
    appearance: { theme: 'dark', colorAccent: '#4f46e5' },
    onError: (e: DisplayError) => console.warn(e.code, e.retryable),
  });
  display.reveal('pan');
  export const isOurs = (e: unknown) => e instanceof CardveilError && e.code === 1004;
  export const Page = () => (
    <CardDisplay merchantId="mch_1" origin="https://cardveil.example" clientAccessToken="cat_token"
      fields={['pin']} displayRef={(d: Display | null) => d?.hide()} />
  );
`;

describe('the merchant package', () => {
  it('is installable: not private, nothing to install with it but an optional react', () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'cardveil', type: 'module', peerDependencies: { react: '>=18' } });
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependenciesMeta.react.optional).toBe(true);
    for (const target of Object.values(manifest.exports as Record<string, string | Record<string, string>>)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target))
        expect(existsSync(join(PACKAGE, file))).toBe(true);
    }
  });

  it('imports nothing but react, and react only from cardveil/react', () => {
    expect([...bareImports(join(PACKAGE, 'sdk'))]).toEqual([]);
    expect([...bareImports(join(PACKAGE, 'react'))].sort()).toEqual(['react', 'react/jsx-runtime']);
    expect([...bareImports(join(PACKAGE, 'types'))]).toEqual(['react']);
  });

  it('imports by name, in Node too (server rendering reads the module): the SDK without React, the component with it', async () => {
    const requireFromApp = createRequire(join(app, 'index.js'));
    const sdk = await import(pathToFileURL(requireFromApp.resolve('cardveil/sdk')).href);
    const react = await import(pathToFileURL(requireFromApp.resolve('cardveil/react')).href);
    expect([typeof sdk.mount, typeof sdk.CardveilError]).toEqual(['function', 'function']);
    expect([typeof react.CardDisplay, typeof react.CardveilError]).toEqual(['function', 'function']);
    expect(readFileSync(requireFromApp.resolve('cardveil/react'), 'utf8')).toMatch(/^['"]use client['"]/);
    // bundled, the SDK has no URL of its own to default the display origin to
    const options = { merchantId: 'mch_1', clientAccessToken: 'cat_0123456789abcdef' };
    expect(() => sdk.mount('#card', options)).toThrow(
      expect.objectContaining({ code: 1004, reason: 'origin: Invalid request parameter' }),
    );
  });

  it.each<Resolution>(['Bundler', 'NodeNext', 'Node10'])('types what a merchant writes, resolved as %s does', (resolution) => {
    expect(typeErrors(VALID, resolution)).toEqual([]);
  });

  it('refuses what the SDK would: an unknown field, a display without its origin', () => {
    const wrong = `
      import { mount } from 'cardveil/sdk';
      import { CardDisplay } from 'cardveil/react';
      mount('#card', { merchantId: 'mch_1', origin: 'https://cardveil.example', fields: ['balance'] });
      mount('#card', { merchantId: 'mch_1', clientAccessToken: 'cat_token' });
      export const Page = () => <CardDisplay merchantId="mch_1" clientAccessToken="cat_token" />;
    `;
    const errors = typeErrors(wrong);
    expect(errors.join('\n')).toContain(`'"balance"' is not assignable`);
    expect(errors.filter((e) => e.includes(`Property 'origin' is missing`))).toHaveLength(2);
  });
});
