import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The merchant package (scripts/build-package.ts) as a merchant's app meets it: installed
 * under node_modules/cardveil beside its own react, imported by name, type-checked against
 * its declaration files. Run after `npm run build`, as `npm test` does.
 */
const PACKAGE = resolve('dist/package');
let app: string;

beforeAll(() => {
  if (!existsSync(join(PACKAGE, 'package.json'))) throw new Error('dist/package is missing: run `npm run build` first');
  app = mkdtempSync(join(tmpdir(), 'cardveil-merchant-app-'));
  mkdirSync(join(app, 'node_modules/@types'), { recursive: true });
  symlinkSync(PACKAGE, join(app, 'node_modules/cardveil'), 'dir');
  symlinkSync(resolve('node_modules/react'), join(app, 'node_modules/react'), 'dir');
  symlinkSync(resolve('node_modules/@types/react'), join(app, 'node_modules/@types/react'), 'dir');
});
afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

/** tsc's complaints about `source`, a module of the merchant's app, strict, as a bundler resolves. */
function typeErrors(source: string): string[] {
  const file = join(app, 'card-page.tsx');
  writeFileSync(file, source);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

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

  it('imports by name, in Node too (server rendering reads the module): the SDK without React, the component with it', async () => {
    const requireFromApp = createRequire(join(app, 'index.js'));
    const sdk = await import(pathToFileURL(requireFromApp.resolve('cardveil/sdk')).href);
    const react = await import(pathToFileURL(requireFromApp.resolve('cardveil/react')).href);
    expect([typeof sdk.mount, typeof sdk.CardveilError]).toEqual(['function', 'function']);
    expect([typeof react.CardDisplay, typeof react.CardveilError]).toEqual(['function', 'function']);
    expect(readFileSync(requireFromApp.resolve('cardveil/react'), 'utf8')).toMatch(/^['"]use client['"]/);
  });

  it('types what a merchant writes, and refuses what the SDK would', () => {
    const valid = `
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
      const isOurs = (e: unknown) => e instanceof CardveilError && e.code === 1004;
      export const Page = () => (
        <CardDisplay merchantId="mch_1" origin="https://cardveil.example" clientAccessToken="cat_token"
          fields={['pin']} displayRef={(d: Display | null) => d?.hide()} />
      );
      export { isOurs };
    `;
    expect(typeErrors(valid)).toEqual([]);
    const wrong = `
      import { mount } from 'cardveil/sdk';
      import { CardDisplay } from 'cardveil/react';
      mount('#card', { merchantId: 'mch_1', fields: ['balance'] });
      export const Page = () => <CardDisplay merchantId="mch_1" clientAccessToken="cat_token" />;
    `;
    const errors = typeErrors(wrong).join('\n');
    expect(errors).toContain(`'"balance"' is not assignable`);
    expect(errors).toContain(`Property 'origin' is missing`);
  });
});
