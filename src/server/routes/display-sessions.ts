import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DISPLAY_ROUTES, type ExchangeResponse } from '../../shared/api.js';
import { isCardField, MODES } from '../../shared/fields.js';
import { ApiError, isFault, okBody } from '../errors.js';
import { localeOf, parseBody } from '../http/request.js';
import { isOrigin } from '../../shared/origin.js';
import { hashToken, newId, sessionKey } from '../crypto/tokens.js';
import { parseFramePublicKey } from '../crypto/public-key.js';
import { sealCardEnvelopes } from '../crypto/card-envelopes.js';
import { cardRefusal, merchantRefusal, placementRefusal } from './display-standing.js';
import type { AppContext } from '../context.js';
import {
  SpendNotRecorded,
  type AuditEntry,
  type Card,
  type ClientToken,
  type SpentToken,
  type TokenOwner,
} from '../stores/types.js';

/** The `alert` field of the warning logged for a token presented again from another address. */
export const SPENT_ELSEWHERE = 'client_token_spent_elsewhere';

/**
 * How long a refused exchange's 1001 waits for its audit row. The store that failed may be
 * the audit's own, black-holed: its write would hold the answer until the pool's timeout,
 * twice over. Past this the answer goes (no card data left); the write carries on, and its
 * failure is logged in the row's place (docs/scale-out.md, "PostgreSQL unreachable").
 */
export const FAULT_AUDIT_WAIT_MS = 500;

const exchangeBody = z.strictObject({
  client_access_token: z.string().min(1).max(256),
  mode: z.enum(MODES),
  // an origin as browsers write it (the frame sends its parent's MessageEvent.origin), or refused
  // before the token is touched: 1015 is for a real origin the token or whitelist does not name
  parent_origin: z.string().max(2048).refine(isOrigin, 'not an origin').optional(),
  public_key: z.string().min(1).max(4096),
});

/**
 * The single-use exchange (DESIGN §5). Steps 1–3 ran in the display guard; here come
 * 4 (body and key, before the token is touched), 5 (atomic consume), 6–8 (merchant,
 * mode, parent origin, card), then the card data sealed to the frame's key.
 */
export function displaySessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const reached = new WeakMap<FastifyRequest, Reached>();
  app.post(
    DISPLAY_ROUTES.sessions,
    {
      config: { rateLimit: ctx.limits.exchange },
      // A store that failed to answer (Redis or PostgreSQL down), in the rate limiter, the
      // display guard or here: the error handler answers 1001 and nothing was sent; a token
      // already reached stays spent. The attempt is audited, or, when the audit store is
      // the one down, logged in its place (the entry holds no secret). The answer waits for
      // that at most FAULT_AUDIT_WAIT_MS.
      onError: async (req, _reply, err: FastifyError | ApiError) => {
        // the same test the error handler answers 1001 by: business outcomes and refused bodies are not faults
        if (!isFault(err)) return;
        const { token, card } = reached.get(req) ?? {};
        // a token handed out whose spend failed to record was never returned, but is named
        const owner = token ?? (err instanceof SpendNotRecorded ? err.owner : null);
        const entry = exchangeEntry(req, ctx.now(), 1001, owner, card);
        const written = ctx.stores.audit
          .record(entry)
          .catch((auditErr: Error) => req.log.error({ audit: entry, err: { message: auditErr.message } }, 'audit write failed'));
        await atMost(written, FAULT_AUDIT_WAIT_MS);
      },
    },
    async (req, reply) => {
      const now = ctx.now();
      const seen: Reached = {};
      reached.set(req, seen);
      return exchange(req, reply, ctx, now, auditor(ctx, req, now), seen);
    },
  );
}

/** Waits for `work` until it settles or `ms` pass, whichever is first; `work` runs on either way. */
async function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** How far an exchange got: what its audit row names if a store fails later on. */
interface Reached {
  token?: ClientToken;
  card?: Card;
}

type Audit = ReturnType<typeof auditor>;

async function exchange(req: FastifyRequest, reply: FastifyReply, ctx: AppContext, now: number, audit: Audit, seen: Reached) {
  const body = parseBody(exchangeBody, req.body);
  const publicKey = parseFramePublicKey(body.public_key);
  if (!publicKey) throw new ApiError(1004, 'public_key');
  if (body.mode === 'embed' && body.parent_origin === undefined) throw new ApiError(1004, 'parent_origin');

  // Consumed on first presentation whatever happens next: a token that failed a
  // later check is spent too, so probing cannot try it twice.
  const hash = hashToken(body.client_access_token);
  const token = await ctx.stores.ephemeral.consumeClientToken(hash, now, req.ip);
  if (!token || token.expiresAt <= now) {
    // A token presented again is audited under its merchant and card: one that was copied
    // from the merchant page and redeemed elsewhere then shows in that merchant's trail.
    const spent = token ? null : await ctx.stores.ephemeral.spentClientToken(hash);
    if (spent) alertIfSpentElsewhere(req, spent);
    await audit(1014, token ?? spent);
    throw new ApiError(1014);
  }
  seen.token = token;
  const fail = async (code: 1009 | 1012 | 1013 | 1015 | 1021 | 1022 | 4004 | 4005 | 4017, card?: Card | null) => {
    await audit(code, token, card);
    return new ApiError(code);
  };

  // Spent either way: a flood of tokens for one card or merchant gets no further. The card
  // first: a flood on one card, refused there, must not use up its merchant's budget and
  // with it every other cardholder's views.
  try {
    await ctx.exchangeLimits.card(req, token.cardId);
    await ctx.exchangeLimits.merchant(req, token.merchantId);
  } catch (e) {
    // the token is spent either way, so the refusal is audited like any other outcome
    if (e instanceof ApiError) await fail(1009);
    throw e;
  }
  const merchant = await ctx.stores.merchants.get(token.merchantId);
  if (!merchant) throw await fail(1021);
  const closed = merchantRefusal(merchant);
  if (closed) throw await fail(closed);
  if (body.mode !== token.mode) throw await fail(1012);
  const parentOrigin = body.mode === 'embed' ? body.parent_origin! : null;
  const misplaced = placementRefusal(merchant, body.mode, parentOrigin);
  if (misplaced) throw await fail(misplaced);
  if (body.mode === 'embed' && parentOrigin !== token.parentOrigin) throw await fail(1015);
  // One read: the card with its secrets still sealed, opened only once the card passed.
  const sealed = await ctx.stores.cards.getSealed(token.cardId);
  const card = sealed?.card;
  if (card) seen.card = card;
  if (!card) throw await fail(4004, card);
  const unusable = cardRefusal(card, merchant.id);
  if (unusable) throw await fail(unusable, card);
  const secrets = sealed.open();
  // The PIN was granted at mint time but has since been removed: say so, rather than
  // sending no envelope and letting the frame report a decryption failure.
  if (token.fields.includes('pin') && !secrets.pin) throw await fail(4017, card);

  const sessionId = newId('ses');
  const stored = sessionKey(sessionId); // the id is the frame's alone: stored and audited as its hash
  const expiresAt = now + ctx.config.SESSION_TTL_SECONDS * 1000;
  await ctx.stores.ephemeral.putSession({
    id: stored,
    merchantId: merchant.id,
    cardId: card.id,
    fields: token.fields,
    mode: token.mode,
    parentOrigin: token.parentOrigin,
    expiresAt,
  });
  const data: ExchangeResponse = {
    session_id: sessionId,
    expires_at: new Date(expiresAt).toISOString(),
    fields: token.fields,
    card: { brand: card.brand, last4: card.last4, type: card.type },
    // `transactions` is no card data: it stays in `fields` but never enters an envelope.
    envelopes: sealCardEnvelopes(publicKey, sessionId, token.fields.filter(isCardField), secrets),
  };
  await audit(0, token, card, stored);
  return reply.send(okBody(data, localeOf(req)));
}

/**
 * A token is presented by one frame, once. Presented again from another address, it was
 * most likely copied from the merchant page (docs/security.md): either a thief redeemed it
 * first and the cardholder's frame now gets 1014, or the thief came second and was refused.
 * Both are worth an operator's look, so this is a warning with a fixed `alert` name to
 * match on; it names merchant, card and both addresses, never the token.
 */
function alertIfSpentElsewhere(req: FastifyRequest, spent: SpentToken): void {
  if (spent.spentBy === null || spent.spentBy === req.ip) return;
  req.log.warn(
    { alert: SPENT_ELSEWHERE, merchant_id: spent.merchantId, card_id: spent.cardId, spent_by: spent.spentBy, ip: req.ip },
    'a spent Client-Access-Token was presented again from another address',
  );
}

function auditor(ctx: AppContext, req: FastifyRequest, now: number) {
  return (outcome: number, token: ClientToken | TokenOwner | null, card?: Card | null, sessionId?: string) =>
    ctx.stores.audit.record(exchangeEntry(req, now, outcome, token, card, sessionId));
}

function exchangeEntry(
  req: FastifyRequest,
  now: number,
  outcome: number,
  token: ClientToken | TokenOwner | null,
  card?: Card | null,
  sessionId?: string,
): AuditEntry {
  // the parent the frame claims: only an embed frame has one (a hosted page's claim is ignored, so not recorded)
  const body = req.body as { mode?: unknown; parent_origin?: unknown } | undefined;
  const origin = body?.mode === 'embed' ? body.parent_origin : undefined;
  return {
    at: now,
    action: 'exchange',
    outcome,
    merchantId: token?.merchantId ?? null,
    cardId: token?.cardId ?? null,
    cardLast4: card?.last4 ?? null,
    sessionId: sessionId ?? null,
    field: token && 'fields' in token ? token.fields.join(',') : null,
    origin: typeof origin === 'string' ? origin.slice(0, 200) : null,
    ip: req.ip,
  };
}
