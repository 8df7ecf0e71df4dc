import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { loadFile, sendStatic } from '../http/static-files.js';
import type { AppContext } from '../context.js';

/**
 * The merchant SDK. Unlike everything else it is cacheable and readable cross-origin:
 * merchants load it with a <script> tag or import it (DESIGN §6). The path is versioned
 * by major only, so the cache is short and revalidated by ETag.
 */
export function sdkScriptRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const name of ['cardveil.js', 'cardveil.mjs']) {
    const path = join(ctx.config.SDK_DIST, name);
    if (!existsSync(path)) {
      app.log.error({ sdk_dist: ctx.config.SDK_DIST }, `no SDK build there: /sdk/v1/${name} answers 404 (npm run build)`);
      continue;
    }
    const file = loadFile(path);
    app.get(`/sdk/v1/${name}`, async (req, reply) => {
      reply
        .header('Access-Control-Allow-Origin', '*')
        .header('Cross-Origin-Resource-Policy', 'cross-origin')
        .header('X-Content-Type-Options', 'nosniff');
      return sendStatic(req, reply, file, 'public, max-age=300, must-revalidate');
    });
  }
}
