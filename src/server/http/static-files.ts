import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
  type: string;
  etag: string;
}

/**
 * Reads a built folder into memory once, with brotli and gzip variants made at start-up:
 * the files are few and small, and no request then waits on the disk or a compressor.
 */
export function loadStaticDir(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(dir)) return files;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set('/' + relative(dir, full).split('\\').join('/'), loadFile(full));
    }
  };
  walk(dir);
  return files;
}

export function loadFile(file: string): StaticFile {
  const body = readFileSync(file);
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const compressible = /javascript|css|html|svg|json|text/.test(type) && body.length > 256;
  return {
    body,
    type,
    gzip: compressible ? gzipSync(body, { level: 9 }) : null,
    br: compressible ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) : null,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}

export function sendStatic(req: FastifyRequest, reply: FastifyReply, file: StaticFile, cacheControl: string) {
  reply
    .header('Content-Type', file.type)
    .header('Cache-Control', cacheControl)
    .header('ETag', file.etag)
    .header('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const accept = String(req.headers['accept-encoding'] ?? '');
  if (file.br && /\bbr\b/.test(accept)) return reply.header('Content-Encoding', 'br').send(file.br);
  if (file.gzip && /\bgzip\b/.test(accept)) return reply.header('Content-Encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}
