import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyError, type FastifyReply, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { ERROR_MESSAGES, INVALID_PARAMETER, namingField } from '../../shared/error-codes.js';
import { GRANTABLE_FIELDS, MODES } from '../../shared/fields.js';
import { LOCALES, parseLocale, type Locale, type Localized } from '../../shared/locale.js';
import type { DemoCredentials } from '../../shared/demo-credentials.js';
import { createCardholderDirectory, decideGrant, DEMO_CARDHOLDER_ID } from './cardholders.js';
import type { MerchantClient } from './merchant-client.js';
import { renderDemoPage, renderReactPage } from './page.js';
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

const tokenBody = z.object({
  card_id: z.string().min(1),
  fields: z.array(z.enum(GRANTABLE_FIELDS)).min(1),
  mode: z.enum(MODES).default('embed'),
  locale: z.enum(LOCALES).default('en_US'),
});

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
} satisfies Record<string, { status: number; code: number; text: Localized }>;

type RefusalReason = keyof typeof REFUSALS;

function refuse(reply: FastifyReply, reason: RefusalReason, locale: Locale, field?: string) {
  const { status, code, text } = REFUSALS[reason];
  const msg = field ? namingField(field, text[locale], locale) : text[locale];
  return reply.code(status).header('Cache-Control', 'no-store').send({ code, msg, reason });
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
    "form-action 'self'",
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

    api.post('/api/card-view-token', { config: { rateLimit: cardViews } }, async (req, reply) => {
      const locale = localeOfBody(req.body);
      // A cross-site guard, not authentication. A browser will not let another site's page
      // forge Origin or Sec-Fetch-Site, so this stops such a page riding on the visitor's
      // session (CSRF); and an embed token is bound to this Origin, so the frame only works
      // on our own pages. A script outside a browser sends any headers it likes: the
      // session and the ownership check below are what keep it from other people's cards.
      const origin = req.headers.origin;
      if (!origin || !pageOrigins.has(origin) || req.headers['sec-fetch-site'] === 'cross-site') {
        return refuse(reply, 'cross_site', locale);
      }
      const cardholder = directory.find(sessions.cardholderOf(req.headers.cookie) ?? '');
      if (!cardholder) return refuse(reply, 'signed_out', locale);
      const parsed = tokenBody.safeParse(req.body);
      if (!parsed.success) return refuse(reply, 'bad_request', locale);

      // Which card, and which of its fields, is decided here from what the cardholder owns;
      // the body only says which of those the page wants to show now.
      const grant = decideGrant(cardholder, parsed.data);
      if (!grant.ok) return refuse(reply, grant.reason, locale, grant.reason === 'field_not_allowed' ? grant.field : undefined);
      const { mode } = parsed.data;
      const result = await merchant.mint({
        card_id: grant.card_id,
        fields: grant.fields,
        mode,
        locale,
        ...(mode === 'embed' ? { parent_origin: origin } : {}),
      });
      reply.header('Cache-Control', 'no-store');
      if ('reason' in result) {
        // the platform was unreachable or refused our Access-Token: ours to fix, not the page's
        req.log.warn({ code: result.code, reason: result.reason }, 'card view token not minted');
        return reply.code(502).send(result);
      }
      return reply.send(result);
    });
  });

  // One error handler: a body Fastify could not parse is the caller's 1004, too many card
  // views 1009, anything else a fault logged here and answered 1001, never with its stack or message.
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const locale = localeOfBody(req.body);
    if (error.code?.startsWith('FST_ERR_CTP_') || error.statusCode === 400) return refuse(reply, 'bad_request', locale);
    // over CARD_VIEWS_PER_MINUTE: the limiter has set Retry-After already
    if (error.statusCode === 429) return refuse(reply, 'too_many', locale);
    req.log.error({ err: { type: error.name, code: error.code, message: error.message } }, 'unhandled error');
    return refuse(reply, 'fault', locale);
  });

  return app;
}
