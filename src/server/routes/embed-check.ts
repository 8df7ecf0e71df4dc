import type { FastifyInstance } from 'fastify';
import { DISPLAY_ROUTES } from '../../shared/api.js';
import { parseLocale } from '../../shared/locale.js';
import { errorBody, okBody } from '../errors.js';
import { header } from '../http/request.js';
import type { AppContext } from '../context.js';

const MERCHANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Lets the SDK learn why a frame never said hello (DESIGN §6): the browser blocks a
 * frame whose parent is outside `frame-ancestors` without telling the parent. The
 * answer is only whether the caller's own Origin may embed this merchant: no secret,
 * so it is readable from any origin, without credentials.
 */
export function embedCheckRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(DISPLAY_ROUTES.embedCheck, async (req, reply) => {
    reply.header('Access-Control-Allow-Origin', '*').header('Cross-Origin-Resource-Policy', 'cross-origin');
    const query = req.query as Record<string, unknown>;
    const locale = parseLocale(query.locale);
    const merchantId = typeof query.merchant_id === 'string' && MERCHANT_ID.test(query.merchant_id) ? query.merchant_id : '';
    const merchant = merchantId ? await ctx.stores.merchants.get(merchantId) : null;
    if (!merchant) return errorBody(1021, locale);
    if (merchant.status !== 'active') return errorBody(1022, locale);
    if (!merchant.pciDisplay) return errorBody(1013, locale);
    const origin = header(req, 'origin');
    if (!origin || !merchant.origins.includes(origin)) return errorBody(1015, locale);
    return okBody({ allowed: true }, locale);
  });
}
