import type { FastifyInstance } from 'fastify';
import { DISPLAY_ROUTES, MERCHANT_ID } from '../../shared/api.js';
import { TIMEOUT_COPY, type EmbedCheckData } from '../../shared/embed-check.js';
import { FRAME_TITLE, parseLocale, type Localized } from '../../shared/locale.js';
import { COPY_FRAME_TIMEOUT, stateCopyFor } from '../../shared/state-copy.js';
import { ApiError, errorBody, okBody } from '../errors.js';
import { header } from '../http/request.js';
import type { AppContext } from '../context.js';

const CODE_LABEL: Localized = { en_US: 'Error code ', zh_CN: '错误代码 ' };

/** What an allowed page gets: the same for every caller, so built once. */
const ALLOWED: EmbedCheckData = {
  allowed: true,
  title: FRAME_TITLE,
  copy: { [TIMEOUT_COPY]: COPY_FRAME_TIMEOUT.text },
  code_label: CODE_LABEL,
};

/**
 * Lets the SDK learn why a frame never said hello (DESIGN §6): the browser blocks a
 * frame whose parent is outside `frame-ancestors` without telling the parent. The
 * answer is only whether the caller's own Origin may embed this merchant, and the
 * cardholder's words for what the SDK then shows (shared/embed-check.ts): no secret,
 * so it is readable from any origin, without credentials.
 */
export function embedCheckRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(DISPLAY_ROUTES.embedCheck, async (req, reply) => {
    reply.header('Access-Control-Allow-Origin', '*').header('Cross-Origin-Resource-Policy', 'cross-origin');
    // Checked here, after the CORS headers and before the store is read, so that a page
    // refused 1009 can read why (and when to retry) like any other answer.
    const wait = await ctx.limits.embedCheck(req);
    if (wait !== undefined) {
      reply.header('Access-Control-Expose-Headers', 'Retry-After');
      throw new ApiError(1009, undefined, wait);
    }
    const query = req.query as Record<string, unknown>;
    const locale = parseLocale(query.locale);
    const refuse = (code: 1013 | 1015 | 1021 | 1022) => {
      const data: EmbedCheckData = { copy: { [code]: stateCopyFor(code).text }, code_label: CODE_LABEL };
      return { ...errorBody(code, locale), data };
    };
    const merchantId = typeof query.merchant_id === 'string' && MERCHANT_ID.test(query.merchant_id) ? query.merchant_id : '';
    const merchant = merchantId ? await ctx.stores.merchants.get(merchantId) : null;
    if (!merchant) return refuse(1021);
    if (merchant.status !== 'active') return refuse(1022);
    if (!merchant.pciDisplay) return refuse(1013);
    const origin = header(req, 'origin');
    if (!origin || !merchant.origins.includes(origin)) return refuse(1015);
    return okBody(ALLOWED, locale);
  });
}
