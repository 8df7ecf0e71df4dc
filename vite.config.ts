import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_DEFAULTS } from './scripts/esbuild-options.js';
import { forgeDecodeOnly } from './scripts/forge-decode-only.js';
import { forgeGcmOnly } from './scripts/forge-gcm-only.js';
import { forgeUtilUsedOnly } from './scripts/forge-util-used-only.js';

const frameRoot = fileURLToPath(new URL('./src/frame', import.meta.url));

/**
 * V8's explicit compile hint (Chromium 136+), the first line of every script the frame pages
 * load: compile each function when the script is compiled, not on its first call. Each script
 * is fetched only when it is about to run, and most of its code runs during a load. Without
 * the hint, even a warm load compiled the functions that run after the module's evaluation
 * (React's render, the exchange, the card view) lazily, on the main thread, since the code
 * cache held none of them; with it, they come from the code cache (docs/performance.md,
 * "Seventh round"). Added after minification, which drops comments.
 */
const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Each page's early script (src/frame/boot/early-*.ts), bundled as a classic script of its
 * own and named first in the page's <head>: the key generation (both pages), the handshake
 * with the parent page (embed) and the removal of the token from the URL (hosted) start
 * while the HTML is parsed, before the app's module has even arrived. A file, not inline
 * code: the pages allow no inline script (DESIGN §6). Hashed and `immutable` like every
 * asset, so a warm load reads it from the cache.
 */
function earlyScripts(): Plugin {
  const entries: Record<string, string> = {
    'embed.html': `${frameRoot}/boot/early-embed.ts`,
    'hosted.html': `${frameRoot}/boot/early-hosted.ts`,
  };
  // bundled once per build, however many times a page is transformed
  const bundled = new Map<string, Promise<{ fileName: string; code: string }>>();
  const bundle = (entry: string) => {
    let script = bundled.get(entry);
    if (!script) {
      script = build({
        ...BUNDLE_DEFAULTS,
        entryPoints: [entry],
        format: 'iife',
        target: 'es2022',
        banner: { js: EAGER_COMPILE_HINT },
        write: false,
      }).then((out) => {
        const code = out.outputFiles[0]!.text;
        const hash = createHash('sha256').update(code).digest('base64url').slice(0, 8);
        return { fileName: `assets/${basename(entry, '.ts')}-${hash}.js`, code };
      });
      bundled.set(entry, script);
    }
    return script;
  };
  // Right after <meta charset>, before any stylesheet: a classic script waits for the
  // stylesheets above it to load, which would hold the key generation back with them.
  // Not async: it must run before the app's module, which takes over what it started.
  const CHARSET = '<meta charset="utf-8" />';
  return {
    name: 'cardveil-early-scripts',
    apply: 'build',
    buildStart() {
      bundled.clear();
    },
    transformIndexHtml: async (html, ctx) => {
      const page = basename(ctx.filename);
      const entry = entries[page];
      if (!entry) throw new Error(`early-scripts: no early script for ${page}`);
      if (!html.includes(CHARSET)) throw new Error(`early-scripts: ${page} has no ${CHARSET} to follow`);
      const { fileName } = await bundle(entry);
      return html.replace(CHARSET, `${CHARSET}\n    <script src="/${fileName}"></script>`);
    },
    generateBundle: {
      // after Vite's HTML plugin, which runs transformIndexHtml from its own generateBundle
      order: 'post',
      async handler() {
        for (const script of bundled.values()) {
          const { fileName, code } = await script;
          this.emitFile({ type: 'asset', fileName, source: code });
        }
      },
    },
  };
}

// The frame app: two pages of one React app, served by the display server from dist/frame.
export default defineConfig({
  root: frameRoot,
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  plugins: [earlyScripts(), forgeDecodeOnly(), forgeGcmOnly(), forgeUtilUsedOnly(), react()],
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
      output: { postBanner: EAGER_COMPILE_HINT },
    },
  },
});
