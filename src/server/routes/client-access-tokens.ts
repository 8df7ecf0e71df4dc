import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MERCHANT_ROUTES, SIGNATURE_HEADERS } from '../../shared/merchant-signature.js';
import { GRANTABLE_FIELDS, MODES } from '../../shared/fields.js';
import { ApiError, okBody } from '../errors.js';
import { header, localeOf, parseBody } from '../http/request.js';
import { isOrigin } from '../../shared/origin.js';
import { ipAllowed } from '../http/ip-allow.js';
import { hashToken, newSecret } from '../crypto/tokens.js';
import type { AppContext } from '../context.js';
import { CLIENT_TOKEN_MAX_TTL_SECONDS, type Merchant } from '../stores/types.js';

const mintBody = z
  .strictObject({
    card_id: z.string().min(1).max(64),
    fields: z
      .array(z.enum(GRANTABLE_FIELDS))
      .min(1)
      .refine((f) => new Set(f).size === f.length, 'duplicate field'),
    mode: z.enum(MODES),
    parent_origin: z.string().max(2048).refine(isOrigin, 'not an origin').optional(),
    ttl_seconds: z.number().int().min(30).max(CLIENT_TOKEN_MAX_TTL_SECONDS).default(300),
  })
  .refine((b) => b.mode !== 'embed' || b.parent_origin !== undefined, {
    path: ['parent_origin'],
    message: 'required for embed mode',
  });

/**
 * Step 2 of the merchant API (DESIGN §4): mint a single-use Client-Access-Token for
 * one card, some fields and (embed) one parent origin. Only the token's hash is kept.
 */
export function clientAccessTokenRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(MERCHANT_ROUTES.clientAccessTokens, { onRequest: ctx.limits.merchant }, async (req, reply) => {
    const now = ctx.now();
    const merchant = await authenticate(ctx, header(req, SIGNATURE_HEADERS.accessToken), req.ip, now);
    const body = parseBody(mintBody, req.body);

    if (!merchant.pciDisplay) throw new ApiError(1013);
    if (!merchant.modes.includes(body.mode)) throw new ApiError(1012);
    if (body.mode === 'embed' && !merchant.origins.includes(body.parent_origin!)) throw new ApiError(1015);
    const card = await ctx.stores.cards.get(body.card_id);
    if (!card || card.merchantId !== merchant.id) throw new ApiError(4004);
    if (card.status !== 'active') throw new ApiError(4005);
    if (body.fields.includes('pin') && (card.type !== 'physical' || !card.hasPin)) throw new ApiError(4017);

    const token = newSecret('cat');
    const expiresAt = now + body.ttl_seconds * 1000;
    // A hosted page has no parent: an origin sent with it binds nothing, so it is neither
    // kept with the token nor written to the audit log as if the merchant had allowed it.
    const parentOrigin = body.mode === 'embed' ? body.parent_origin! : null;
    await ctx.stores.ephemeral.putClientToken(hashToken(token), {
      merchantId: merchant.id,
      cardId: card.id,
      fields: body.fields,
      mode: body.mode,
      parentOrigin,
      expiresAt,
    });
    await ctx.stores.audit.record({
      at: now,
      action: 'mint',
      outcome: 0,
      merchantId: merchant.id,
      cardId: card.id,
      cardLast4: card.last4,
      sessionId: null,
      field: body.fields.join(','),
      origin: parentOrigin,
      ip: req.ip,
    });

    const locale = localeOf(req);
    const data: Record<string, string> = { client_access_token: token, expires_at: new Date(expiresAt).toISOString() };
    if (body.mode === 'hosted') {
      // The token travels in the fragment only: browsers never send it to a server.
      data.hosted_url = `${ctx.config.PUBLIC_ORIGIN}/hosted#token=${encodeURIComponent(token)}&locale=${locale}`;
    }
    return reply.send(okBody(data, locale));
  });
}

/**
 * An Access-Token is only as good as the API key that bought it, on every use, not only at
 * issue (merchant-auth.ts): a key disabled, expired or gone takes its tokens with it (1007,
 * the token is invalid: the merchant's client fetches a new one and hears the key's own
 * code), and a token carried off to another address fails the key's IP allow-list (1003).
 * A token issued before keys were kept with it names none: 1007 (docs/decisions.md).
 */
async function authenticate(ctx: AppContext, accessToken: string | undefined, ip: string, now: number): Promise<Merchant> {
  if (!accessToken) throw new ApiError(1006);
  const grant = await ctx.stores.ephemeral.getAccessToken(hashToken(accessToken), now);
  if (!grant?.apiKey) throw new ApiError(1007);
  const key = await ctx.stores.merchants.getApiKey(grant.apiKey);
  if (!key || !key.enabled || (key.expiresAt !== null && key.expiresAt <= now)) throw new ApiError(1007);
  if (!ipAllowed(ip, key.ipAllow)) throw new ApiError(1003);
  const merchant = await ctx.stores.merchants.get(grant.merchantId);
  if (!merchant) throw new ApiError(1021);
  if (merchant.status !== 'active') throw new ApiError(1022);
  return merchant;
}
