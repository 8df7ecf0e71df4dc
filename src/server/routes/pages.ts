import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MERCHANT_ID } from '../../shared/api.js';
import { FRAME_TITLE, langTag, LOCALES, parseLocale, type Locale, type Localized } from '../../shared/locale.js';
import { header } from '../http/request.js';
import { drawRandom } from '../crypto/random-pool.js';
import { loadStaticDir, sendStatic } from '../http/static-files.js';
import { frameCsp, STATIC_FILE_CSP } from '../pages/csp.js';
import { errorPage } from '../pages/error-page.js';
import { PAGE_REFUSALS, withPageRefusal, type PageRefusal } from '../../shared/page-refusal.js';
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
  const refusedHostedHtml = hostedHtml && refusedPages(hostedHtml);

  app.get('/embed', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const locale = parseLocale(query.locale);
    return answerPage(
      req,
      reply,
      locale,
      (code) => sendError(reply, code, locale, []),
      async () => {
        const wait = await ctx.limits.pages(req);
        // Before the merchant is read, so a flood costs no store read, and so the page names no
        // ancestor: inside a merchant's iframe the browser shows nothing, and the SDK reports
        // 1001 `frame_timeout`.
        if (wait !== undefined) return sendError(reply, tooFrequent(reply, wait), locale, []);
        const dest = header(req, 'sec-fetch-dest');
        if (dest !== undefined && dest !== 'iframe') return sendError(reply, 1018, locale, []);
        const merchantId = typeof query.merchant_id === 'string' ? query.merchant_id : '';
        const merchant = MERCHANT_ID.test(merchantId) ? await ctx.stores.merchants.get(merchantId) : null;
        if (!merchant) return sendError(reply, 1021, locale, []);
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
    const refuse = (code: PageRefusal) => {
      const page = refusedHostedHtml?.[code][locale];
      return page ? sendHosted(page) : sendError(reply, code, locale, [], true);
    };
    return answerPage(req, reply, locale, refuse, async () => {
      const wait = await ctx.limits.pages(req);
      if (wait !== undefined) return refuse(tooFrequent(reply, wait));
      const dest = header(req, 'sec-fetch-dest');
      if (dest !== undefined && dest !== 'document') return sendError(reply, 1018, locale, [], true);
      if (!hostedHtml) return sendError(reply.code(503), 1001, locale, [], true);
      return sendHosted(hostedHtml[locale]);
    });
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

/**
 * The page told to show each refusal instead of exchanging its token, built once; undefined
 * when the build's page has no head to say it in, so that a refusal never serves a page
 * that would go on and spend the token (the static error page answers instead).
 */
function refusedPages(pages: Localized): Record<PageRefusal, Localized> | undefined {
  const byCode = {} as Record<PageRefusal, Localized>;
  for (const code of PAGE_REFUSALS) {
    const localized = {} as Localized;
    for (const locale of LOCALES) {
      const page = withPageRefusal(pages[locale], code);
      if (page === undefined) return undefined;
      localized[locale] = page;
    }
    byCode[code] = localized;
  }
  return byCode;
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

/** Over the per-IP page limit: a 429 with Retry-After, the page to say 1009. */
function tooFrequent(reply: FastifyReply, wait: number): 1009 {
  reply.code(429).header('Retry-After', String(wait));
  return 1009;
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
