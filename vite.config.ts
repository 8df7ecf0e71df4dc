import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { BUNDLE_DEFAULTS } from './scripts/esbuild-options.js';

const frameRoot = fileURLToPath(new URL('./src/frame', import.meta.url));

/**
 * Inlines src/frame/boot/early-keygen.ts, bundled, as the first script of each page's
 * <head>: the key generation starts while the HTML is parsed, before the app's module has
 * even arrived. The display server puts its per-response CSP nonce on the tag.
 */
function earlyKeygen(): Plugin {
  // bundled once per build, however many pages ask for it
  let bundled: Promise<string> | undefined;
  const bundle = () =>
    (bundled ??= build({
      ...BUNDLE_DEFAULTS,
      entryPoints: [`${frameRoot}/boot/early-keygen.ts`],
      format: 'iife',
      target: 'es2022',
      write: false,
    }).then((out) => out.outputFiles[0]!.text.trim()));
  // Right after <meta charset>, before any stylesheet: a classic script waits for the
  // stylesheets above it to load, which would hold the key generation back with them.
  const CHARSET = '<meta charset="utf-8" />';
  return {
    name: 'cardveil-early-keygen',
    buildStart() {
      bundled = undefined;
    },
    transformIndexHtml: async (html) => {
      if (!html.includes(CHARSET)) throw new Error(`early-keygen: the page has no ${CHARSET} to follow`);
      return html.replace(CHARSET, `${CHARSET}\n    <script>${await bundle()}</script>`);
    },
  };
}

// The frame app: two pages of one React app, served by the display server from dist/frame.
export default defineConfig({
  root: frameRoot,
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  plugins: [earlyKeygen(), react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/frame', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: {
        embed: `${frameRoot}/embed.html`,
        hosted: `${frameRoot}/hosted.html`,
      },
    },
  },
});
