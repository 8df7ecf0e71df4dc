import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MERCHANT_ID } from '../../shared/api.js';
import { FRAME_TITLE, langTag, LOCALES, parseLocale, type Locale, type Localized } from '../../shared/locale.js';
import { header } from '../http/request.js';
import { drawRandom } from '../crypto/random-pool.js';
import { loadStaticDir, sendStatic } from '../http/static-files.js';
import { frameCsp, STATIC_FILE_CSP } from '../pages/csp.js';
import { errorPage } from '../pages/error-page.js';
import { withPageRefusal, type PageRefusalState } from '../../shared/page-refusal.js';
import type { AppContext } from '../context.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The frame pages and their assets. HTML is `no-store` and carries the per-merchant
 * CSP with a per-response nonce; hashed assets are immutable. The built files are read
 * once at start-up.
 */
export function pageRoutes(app: FastifyInstance, ctx: AppContext): void {
  const files = loadStaticDir(ctx.config.FRAME_DIST);
  const embedHtml = localizedPage(files.get('/embed.html')?.body.toString('utf8'));
  const hostedHtml = localizedPage(files.get('/hosted.html')?.body.toString('utf8'));
  // the server still starts (its API and /healthz are whole), but says at once why no card shows
  if (!embedHtml || !hostedHtml) {
    app.log.error({ frame_dist: ctx.config.FRAME_DIST }, 'no frame build there: /embed and /hosted answer 503 (npm run build)');
  }

  app.get('/embed', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const locale = parseLocale(query.locale);
    const merchantOf = async () => {
      const merchantId = typeof query.merchant_id === 'string' ? query.merchant_id : '';
      return MERCHANT_ID.test(merchantId) ? await ctx.stores.merchants.get(merchantId) : null;
    };
    // Over the limit, a framed load still gets the app's page, told to show the refusal, so
    // that the SDK hears 1009 at once rather than after its hello timeout. Naming the
    // merchant's whitelist as its ancestors takes a store read, so these have a small budget
    // of their own: past it, and for an unknown merchant, the static page, which names no
    // ancestor, so no parent shows it, and the SDK reports 1001 `frame_timeout`.
    const refuse = async (refusal: PageRefusalState, framed: boolean) => {
      const merchant = framed && (await ctx.limits.pageRefusals(req)) === undefined ? await merchantOf() : null;
      const page = merchant && embedHtml && withPageRefusal(embedHtml[locale], refusal);
      return page ? sendPage(reply, page, merchant.origins) : sendError(reply, refusal.code, locale, []);
    };
    return answerPage(
      req,
      reply,
      locale,
      (code) => sendError(reply, code, locale, []),
      async () => {
        const wait = await ctx.limits.pages(req);
        const dest = header(req, 'sec-fetch-dest');
        const framed = dest === undefined || dest === 'iframe';
        if (wait !== undefined) return refuse(tooFrequent(reply, wait), framed);
        // An unknown merchant first (DESIGN §6: "a localized 1021 page"), however the page was
        // opened: a browser shows no parent the page, so opened on its own is how it is seen.
        // It tells nothing the public embed check does not.
        const merchant = await merchantOf();
        if (!merchant) return sendError(reply, 1021, locale, []);
        if (!framed) return sendError(reply, 1018, locale, []);
        if (!embedHtml) return sendError(reply.code(503), 1001, locale, merchant.origins);
        return sendPage(reply, embedHtml[locale], merchant.origins);
      },
    );
  });

  app.get('/hosted', async (req, reply) => {
    const locale = parseLocale((req.query as Record<string, unknown>).locale);
    const sendHosted = (html: string) => sendPage(reply.header('X-Frame-Options', 'DENY'), html, []);
    // A refused load still gets the app, which shows the state with its Close button and tells
    // the native app: a static page would leave the cardholder in a web view with no way out.
    // Only a page with no head to say it in gets the static page, which spends nothing either.
    const refuse = (refusal: PageRefusalState) => {
      const page = hostedHtml && withPageRefusal(hostedHtml[locale], refusal);
      return page ? sendHosted(page) : sendError(reply, refusal.code, locale, [], true);
    };
    return answerPage(
      req,
      reply,
      locale,
      (code) => refuse({ code }),
      async () => {
        const wait = await ctx.limits.pages(req);
        if (wait !== undefined) return refuse(tooFrequent(reply, wait));
        const dest = header(req, 'sec-fetch-dest');
        if (dest !== undefined && dest !== 'document') return sendError(reply, 1018, locale, [], true);
        if (!hostedHtml) return sendError(reply.code(503), 1001, locale, [], true);
        return sendHosted(hostedHtml[locale]);
      },
    );
  });

  for (const [path, file] of files) {
    if (path.endsWith('.html')) continue;
    const cache = path.startsWith('/assets/') ? IMMUTABLE : 'public, max-age=3600';
    // Only the frame's own pages load these. An SVG opened by itself is a document, and
    // runs nothing under this policy.
    app.get(path, async (req, reply) =>
      sendStatic(
        req,
        reply.header('Cross-Origin-Resource-Policy', 'same-origin').header('Content-Security-Policy', STATIC_FILE_CSP),
        file,
        cache,
      ),
    );
  }
}

/**
 * The page in each locale, built once: its language and title are right from the first
 * byte, not only once the app has run (a reader announces the frame by its title).
 */
function localizedPage(html: string | undefined): Localized | undefined {
  if (html === undefined) return undefined;
  const page = (locale: Locale) =>
    html
      .replace(/<html lang="[^"]*">/, `<html lang="${langTag(locale)}">`)
      .replace(/<title>[^<]*<\/title>/, `<title>${FRAME_TITLE[locale]}</title>`);
  return Object.fromEntries(LOCALES.map((locale) => [locale, page(locale)])) as Localized;
}

/** A frame page with a fresh nonce on each of its own tags and in its CSP. */
function sendPage(reply: FastifyReply, html: string, ancestors: readonly string[]) {
  const nonce = drawRandom(16).toString('base64');
  return reply
    .header('Content-Security-Policy', frameCsp(ancestors, nonce))
    .header('Cross-Origin-Resource-Policy', 'same-origin')
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html.replace(/<(script|link)\b/g, `<$1 nonce="${nonce}"`));
}

/**
 * A page's answer, or, when its limiter or store fails (Redis or PostgreSQL down), a 1001
 * in the page's own form (`refuse`): never the API's JSON error, which would leave /hosted's
 * token in the address bar and the page without its policy. It names no ancestor, since the
 * merchant may be what could not be read.
 */
async function answerPage(
  req: FastifyRequest,
  reply: FastifyReply,
  locale: Locale,
  refuse: (code: 1001) => FastifyReply,
  answer: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await answer();
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: typeof error, message: '' };
    req.log.error({ err: { type: name, message } }, 'page not served');
    reply.code(503);
    return refuse(1001);
  }
}

/** Over the per-IP page limit: a 429 with Retry-After, the page to say 1009 and how long to wait. */
function tooFrequent(reply: FastifyReply, wait: number): PageRefusalState & { code: 1009 } {
  reply.code(429).header('Retry-After', String(wait));
  return { code: 1009, retryAfter: wait };
}

/** `hosted`: the page stands at /hosted, where the token may still be in the fragment. */
function sendError(
  reply: FastifyReply,
  code: number,
  locale: ReturnType<typeof parseLocale>,
  ancestors: string[],
  hosted = false,
) {
  const page = errorPage(code, locale, ancestors, { stripFragment: hosted });
  return reply
    .header('Content-Security-Policy', page.csp)
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(page.html);
}
