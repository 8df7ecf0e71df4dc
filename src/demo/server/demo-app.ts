import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { ERROR_MESSAGES, INVALID_PARAMETER, namingField } from '../../shared/error-codes.js';
import { GRANTABLE_FIELDS, type DisplayMode } from '../../shared/fields.js';
import { langTag, LOCALES, parseLocale, type Locale, type Localized } from '../../shared/locale.js';
import type { DemoCredentials } from '../../shared/demo-credentials.js';
import { createCardholderDirectory, decideGrant, DEMO_CARDHOLDER_ID } from './cardholders.js';
import type { MerchantClient, MintResult } from './merchant-client.js';
import { renderDemoPage, renderReactPage } from './page.js';
import { escapeHtml } from '../../shared/html.js';
import { createSessions } from './session.js';

/**
 * The demo merchant's web app: its pages, which mount the SDK, and the backend route
 * that mints one token per card view for the signed-in cardholder's own card.
 */
export interface DemoAppOptions {
  creds: Pick<DemoCredentials, 'merchant_id' | 'cards'>;
  displayOrigin: string;
  /** the origins the shop's own pages are served from */
  pageOrigins: readonly string[];
  /** where the built page scripts are */
  dist: string;
  merchant: Pick<MerchantClient, 'mint'>;
  /** signs session cookies; a fresh random key when absent */
  sessionKey?: Buffer;
  logger?: FastifyServerOptions['logger'];
}

/**
 * Card views one signed-in cardholder may open a minute, from one address. Each costs the
 * shop a mint on the platform, whose merchant API takes 600 calls a minute from the shop's
 * backend: a visitor looping on the route would otherwise spend every other cardholder's
 * views. A person opens a few; a real shop counts them by its own customer account (every
 * demo visitor is the one demo cardholder, so here the address tells them apart).
 */
export const CARD_VIEWS_PER_MINUTE = 30;

/** Where the phone's window is sent to get a hosted view (the page posts a form there). */
export const HOSTED_VIEW_ROUTE = '/card-view/hosted';

/** What the page asks to see; the mode is the route's, never the body's. */
const viewBody = z
  .object({
    card_id: z.string().min(1),
    fields: z.array(z.enum(GRANTABLE_FIELDS)).min(1),
    locale: z.enum(LOCALES).default('en_US'),
  })
  .strict();

type ViewOutcome = { refused: RefusalReason; locale: Locale; field?: string } | { minted: MintResult; locale: Locale };

/** The route's own refusals: `{code, msg, reason}` like the platform's answers, so the page reads one shape. */
const REFUSALS = {
  cross_site: {
    status: 403,
    code: 1015,
    text: { en_US: 'Only this shop’s own pages may ask for a card view', zh_CN: '只有本店自己的页面可以请求查看卡片' },
  },
  signed_out: {
    status: 401,
    code: 2002,
    text: { en_US: 'You are not signed in: reload the page to sign in', zh_CN: '您尚未登录：请刷新页面以登录' },
  },
  bad_request: { status: 400, code: 1004, text: INVALID_PARAMETER },
  not_your_card: {
    status: 403,
    code: 4004,
    text: { en_US: 'This card is not one of yours', zh_CN: '这张卡片不属于您' },
  },
  field_not_allowed: {
    status: 403,
    code: 1004,
    text: { en_US: 'this detail of the card cannot be shown to you', zh_CN: '无法向您显示该卡片的这项信息' },
  },
  too_many: { status: 429, code: 1009, text: ERROR_MESSAGES[1009] },
  fault: { status: 500, code: 1001, text: ERROR_MESSAGES[1001] },
  /** the platform was unreachable or refused our Access-Token: details in our log, not the cardholder's window */
  unminted: { status: 502, code: 1001, text: ERROR_MESSAGES[1001] },
} satisfies Record<string, { status: number; code: number; text: Localized }>;

type RefusalReason = keyof typeof REFUSALS;

function refusalOf(reason: RefusalReason, locale: Locale, field?: string) {
  const { status, code, text } = REFUSALS[reason];
  return { status, code, msg: field ? namingField(field, text[locale], locale) : text[locale] };
}

function refuse(reply: FastifyReply, reason: RefusalReason, locale: Locale, field?: string) {
  const { status, code, msg } = refusalOf(reason, locale, field);
  return reply.code(status).header('Cache-Control', 'no-store').send({ code, msg, reason });
}

/** The same refusal as a page, for the phone's window, which a form sent here. */
function refusePage(reply: FastifyReply, reason: RefusalReason, locale: Locale, field?: string) {
  return sendRefusalPage(reply, refusalOf(reason, locale, field), locale);
}

/**
 * The platform's refusal of a hosted view (a frozen card, PCI display off, a mode not
 * enabled, its own rate limit), as a page: its words are already the cardholder's (the mint
 * asked in their language), and "try again later" would be wrong for most of them. A 429
 * for its rate limit, else a 403; its faults (1001) are the 502 of 'unminted'.
 */
function platformRefusalPage(reply: FastifyReply, refusal: { code: number; msg: string }, locale: Locale) {
  return sendRefusalPage(reply, { status: refusal.code === 1009 ? 429 : 403, ...refusal }, locale);
}

function sendRefusalPage(
  reply: FastifyReply,
  { status, code, msg }: { status: number; code: number; msg: string },
  locale: Locale,
) {
  const text = escapeHtml(msg);
  return reply
    .code(status)
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', "default-src 'none'")
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="${langTag(locale)}"><meta charset="utf-8"><title>${text}</title><p data-code="${code}">${text}</p></html>`,
    );
}

/** The language of the refusal: the one the page asked in, before the body is checked. */
const localeOfBody = (body: unknown) => parseLocale((body as { locale?: unknown } | null)?.locale);

export function createDemoApp(options: DemoAppOptions) {
  const { creds, displayOrigin, dist, merchant } = options;
  const pageOrigins = new Set(options.pageOrigins);
  const directory = createCardholderDirectory(creds);
  const sessions = createSessions(options.sessionKey ?? randomBytes(32));
  const app = Fastify({ logger: options.logger ?? false });

  const pageCsp = [
    "default-src 'self'",
    `script-src 'self' ${displayOrigin}`,
    `frame-src ${displayOrigin}`,
    `connect-src 'self' ${displayOrigin}`,
    // the SDK and React style through the CSSOM, which style-src does not govern
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    // the shop's own pages are framed by no one (its buttons cannot be clickjacked)
    "frame-ancestors 'none'",
    // the phone's form posts here, and its answer sends the window on to the hosted page
    `form-action 'self' ${displayOrigin}`,
  ].join('; ');

  // The shop's two pages (script tag, React) and their built scripts. Opening a page
  // signs the visitor in as the demo cardholder, whose cards are the ones it lists.
  const pages = { '/': renderDemoPage, '/react': renderReactPage };
  for (const [path, render] of Object.entries(pages)) {
    app.get(path, async (req, reply) => {
      let cardholder = directory.find(sessions.cardholderOf(req.headers.cookie) ?? '');
      if (!cardholder) {
        cardholder = directory.find(DEMO_CARDHOLDER_ID)!;
        reply.header('Set-Cookie', sessions.signIn(cardholder.id));
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('Content-Security-Policy', pageCsp)
        .header('Cache-Control', 'no-store')
        .send(render({ merchantId: creds.merchant_id, cards: cardholder.cards }, displayOrigin));
    });
  }
  for (const script of ['demo-page.js', 'react-page.js']) {
    app.get(`/${script}`, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').send(readFileSync(resolve(dist, script))),
    );
  }
  app.get('/demo.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').send(readFileSync(new URL('../client/demo.css', import.meta.url))),
  );

  // The route in a scope of its own, registered once the limiter is: a route declared
  // beside a plugin that is still loading would not be limited.
  app.register(async (api) => {
    await api.register(rateLimit, { global: false });
    const cardViews = {
      max: CARD_VIEWS_PER_MINUTE,
      timeWindow: 60_000,
      // after the body is parsed, so that the refusal speaks the page's language
      hook: 'preHandler' as const,
      keyGenerator: (req: { headers: { cookie?: string }; ip: string }) =>
        `${sessions.cardholderOf(req.headers.cookie) ?? '-'}|${req.ip}`,
    };

    /**
     * One card view for the signed-in cardholder's own card, or why not. A cross-site guard
     * first, not authentication: a browser will not let another site's page forge Origin or
     * Sec-Fetch-Site, so this stops such a page riding on the visitor's session (CSRF); and an
     * embed token is bound to this Origin, so the frame only works on our own pages. A script
     * outside a browser sends any headers it likes: the session and the ownership check below
     * are what keep it from other people's cards.
     */
    const mintView = async (req: FastifyRequest, mode: DisplayMode): Promise<ViewOutcome> => {
      const locale = localeOfBody(req.body);
      const origin = req.headers.origin;
      if (!origin || !pageOrigins.has(origin) || req.headers['sec-fetch-site'] === 'cross-site') {
        return { refused: 'cross_site', locale };
      }
      const cardholder = directory.find(sessions.cardholderOf(req.headers.cookie) ?? '');
      if (!cardholder) return { refused: 'signed_out', locale };
      const parsed = viewBody.safeParse(req.body);
      if (!parsed.success) return { refused: 'bad_request', locale };
      // Which card, and which of its fields, is decided here from what the cardholder owns;
      // the body only says which of those the page wants to show now.
      const grant = decideGrant(cardholder, parsed.data);
      if (!grant.ok)
        return { refused: grant.reason, locale, field: grant.reason === 'field_not_allowed' ? grant.field : undefined };
      const minted = await merchant.mint({
        card_id: grant.card_id,
        fields: grant.fields,
        mode,
        locale,
        ...(mode === 'embed' ? { parent_origin: origin } : {}),
      });
      // the platform minted nothing (unreachable, our Access-Token refused, or a page origin
      // such as localhost that our whitelist leaves out): logged for us, the code included
      if ('reason' in minted) req.log.warn({ code: minted.code, reason: minted.reason }, 'card view token not minted');
      return { minted, locale };
    };

    // For this page's frame: an embed token, which works only in an iframe on our own
    // origin, so the page's script may hold it.
    api.post('/api/card-view-token', { config: { rateLimit: cardViews } }, async (req, reply) => {
      const view = await mintView(req, 'embed');
      if ('refused' in view) return refuse(reply, view.refused, view.locale, view.field);
      // Our own credentials failing is logged above: the page hears 1001, never the key's state.
      if ('reason' in view.minted) return refuse(reply, 'unminted', view.locale);
      return reply.header('Cache-Control', 'no-store').send(view.minted);
    });

    // For the phone: a hosted URL shows the card in any browser to whoever holds it, so no
    // page script ever reads one. The page posts a form into the phone's window, and the
    // answer sends that window on; an injected script calling the JSON route gets 1004.
    api.register(async (form) => {
      form.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 4096 },
        (_req, body, done) => {
          const q = new URLSearchParams(body as string);
          done(null, {
            card_id: q.get('card_id') ?? undefined,
            fields: q.getAll('fields'),
            locale: q.get('locale') ?? undefined,
          });
        },
      );
      form.post(HOSTED_VIEW_ROUTE, { config: { rateLimit: cardViews } }, async (req, reply) => {
        const view = await mintView(req, 'hosted');
        reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
        if ('refused' in view) return refusePage(reply, view.refused, view.locale, view.field);
        const { minted } = view;
        // our own credentials failing (logged above), or the platform's fault
        if ('reason' in minted || minted.code === 1001) return refusePage(reply, 'unminted', view.locale);
        if (minted.code !== 0) {
          req.log.info({ code: minted.code }, 'hosted card view refused by the platform');
          return platformRefusalPage(reply, minted, view.locale);
        }
        const url = minted.data?.hosted_url;
        if (!url) return refusePage(reply, 'unminted', view.locale);
        return reply.code(303).header('Location', url).send();
      });
    });
  });

  // One error handler: a body Fastify could not parse is the caller's 1004, too many card
  // views 1009, anything else a fault logged here and answered 1001, never with its stack or message.
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const locale = localeOfBody(req.body);
    // the phone's window reads a page, the page's script JSON
    const answer = req.url === HOSTED_VIEW_ROUTE ? refusePage : refuse;
    if (error.code?.startsWith('FST_ERR_CTP_') || error.statusCode === 400) return answer(reply, 'bad_request', locale);
    // over CARD_VIEWS_PER_MINUTE: the limiter has set Retry-After already
    if (error.statusCode === 429) return answer(reply, 'too_many', locale);
    req.log.error({ err: { type: error.name, code: error.code, message: error.message } }, 'unhandled error');
    return answer(reply, 'fault', locale);
  });

  return app;
}
