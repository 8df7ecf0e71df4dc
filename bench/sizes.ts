import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Bytes on disk (already minified by the build), gzip -9 and brotli q11 of each file. */
export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
  brotli: number;
}

export function fileSize(path: string, label = basename(path)): FileSize {
  const body = readFileSync(path);
  return {
    file: label,
    bytes: statSync(path).size,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export function sdkSizes(sdkDist: string): { js: FileSize; mjs: FileSize } {
  return { js: fileSize(join(sdkDist, 'cardveil.js')), mjs: fileSize(join(sdkDist, 'cardveil.mjs')) };
}

export interface FrameFile extends FileSize {
  /** how the page reaches it: named in embed.html, imported statically, or only through import() */
  via: 'html' | 'static-import' | 'dynamic-import';
}

export interface FrameSizes {
  files: FrameFile[];
  /** everything the page can load: html + static + dynamic */
  gzipTotal: number;
  brotliTotal: number;
  bytesTotal: number;
  /** what the page loads before any import() */
  gzipStatic: number;
}

/** `<script src>`, `<link rel=modulepreload|stylesheet href>` of the page, site-absolute paths. */
export function htmlAssets(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) out.push(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? '';
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\b(modulepreload|stylesheet|preload)\b/.test(rel)) out.push(href);
  }
  return out.filter((p) => /\.(m?js|css)(\?|$)/.test(p));
}

/**
 * References from a built chunk to other chunks in /assets: `from"./x.js"` and
 * `import"./x.js"` are static; `import("./x.js")` and Vite's preload dependency lists
 * ("assets/x.js") are dynamic. Vite 8 quotes with ", ' or `.
 */
function chunkRefs(code: string): { name: string; dynamic: boolean }[] {
  const refs: { name: string; dynamic: boolean }[] = [];
  const re = /(from\s*|import\s*|import\(\s*)?["'`](?:\.\/|\/assets\/|assets\/)([\w.-]+\.(?:m?js|css))["'`]/g;
  for (const m of code.matchAll(re)) {
    const lead = (m[1] ?? '').replace(/\s/g, '');
    refs.push({ name: m[2]!, dynamic: !(lead === 'from' || lead === 'import') });
  }
  return refs;
}

export function frameSizes(frameDist: string, page = 'embed.html'): FrameSizes {
  const html = readFileSync(join(frameDist, page), 'utf8');
  const seen = new Map<string, FrameFile['via']>();
  const queue: string[] = [];
  const add = (path: string, via: FrameFile['via']) => {
    const prev = seen.get(path);
    const rank = { html: 0, 'static-import': 1, 'dynamic-import': 2 };
    if (prev !== undefined && rank[prev] <= rank[via]) return;
    seen.set(path, via);
    queue.push(path);
  };
  for (const p of htmlAssets(html)) add(p.replace(/^\.?\//, '/').replace(/\?.*$/, ''), 'html');
  for (let guard = 0; queue.length > 0 && guard < 10_000; guard++) {
    const path = queue.shift()!;
    const full = join(frameDist, path);
    if (!existsSync(full) || !/\.m?js$/.test(path)) continue;
    const parentVia = seen.get(path)!;
    for (const ref of chunkRefs(readFileSync(full, 'utf8'))) {
      const via = ref.dynamic || parentVia === 'dynamic-import' ? 'dynamic-import' : 'static-import';
      add(`/assets/${ref.name}`, via);
    }
  }
  const files: FrameFile[] = [...seen]
    .filter(([p]) => existsSync(join(frameDist, p)))
    .map(([p, via]) => ({ ...fileSize(join(frameDist, p), p), via }));
  const sum = (k: 'gzip' | 'brotli' | 'bytes', fs: FrameFile[]) => fs.reduce((s, f) => s + f[k], 0);
  return {
    files,
    gzipTotal: sum('gzip', files),
    brotliTotal: sum('brotli', files),
    bytesTotal: sum('bytes', files),
    gzipStatic: sum(
      'gzip',
      files.filter((f) => f.via !== 'dynamic-import'),
    ),
  };
}
