import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseLocale } from '../../shared/locale.js';
import { header } from '../http/request.js';
import { randomBytes } from 'node:crypto';
import { loadStaticDir, sendStatic } from '../http/static-files.js';
import { errorPageCsp, frameCsp } from '../pages/csp.js';
import { ERROR_PAGE_STYLE_HASH, renderErrorPage } from '../pages/error-page.js';
import type { AppContext } from '../context.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const MERCHANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The frame pages and their assets. HTML is `no-store` and carries the per-merchant
 * CSP with a per-response nonce; hashed assets are immutable. The built files are read
 * once at start-up.
 */
export function pageRoutes(app: FastifyInstance, ctx: AppContext): void {
  const files = loadStaticDir(ctx.config.FRAME_DIST);
  const embedHtml = files.get('/embed.html')?.body.toString('utf8');
  const hostedHtml = files.get('/hosted.html')?.body.toString('utf8');

  app.get('/embed', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const locale = parseLocale(query.locale);
    const dest = header(req, 'sec-fetch-dest');
    if (dest !== undefined && dest !== 'iframe') return sendError(reply, 1018, locale, []);
    const merchantId = typeof query.merchant_id === 'string' ? query.merchant_id : '';
    const merchant = MERCHANT_ID.test(merchantId) ? await ctx.stores.merchants.get(merchantId) : null;
    if (!merchant) return sendError(reply, 1021, locale, []);
    if (!embedHtml) return sendError(reply, 1001, locale, merchant.origins);
    return sendPage(reply, embedHtml, merchant.origins);
  });

  app.get('/hosted', async (req, reply) => {
    const locale = parseLocale((req.query as Record<string, unknown>).locale);
    const dest = header(req, 'sec-fetch-dest');
    if (dest !== undefined && dest !== 'document') return sendError(reply, 1018, locale, []);
    if (!hostedHtml) return sendError(reply, 1001, locale, []);
    reply.header('X-Frame-Options', 'DENY');
    return sendPage(reply, hostedHtml, []);
  });

  for (const [path, file] of files) {
    if (path.endsWith('.html')) continue;
    const cache = path.startsWith('/assets/') ? IMMUTABLE : 'public, max-age=3600';
    app.get(path, async (req, reply) => sendStatic(req, reply, file, cache));
  }
}

/** A frame page with a fresh nonce on each of its own tags and in its CSP. */
function sendPage(reply: FastifyReply, html: string, ancestors: readonly string[]) {
  const nonce = randomBytes(16).toString('base64');
  return reply
    .header('Content-Security-Policy', frameCsp(ancestors, nonce))
    .header('Cross-Origin-Resource-Policy', 'same-origin')
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html.replace(/<(script|link)\b/g, `<$1 nonce="${nonce}"`));
}

function sendError(reply: FastifyReply, code: number, locale: ReturnType<typeof parseLocale>, ancestors: string[]) {
  return reply
    .header('Content-Security-Policy', errorPageCsp(ERROR_PAGE_STYLE_HASH, ancestors))
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderErrorPage(code, locale));
}
