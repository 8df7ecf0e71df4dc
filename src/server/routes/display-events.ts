import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUDIT_EVENTS, DISPLAY_ROUTES } from '../../shared/api.js';
import { CARD_FIELDS, isCopyable } from '../../shared/fields.js';
import { ApiError, okBody } from '../errors.js';
import { localeOf, parseBody } from '../http/request.js';
import type { AppContext } from '../context.js';
import { sessionKey } from '../crypto/tokens.js';

const eventBody = z.strictObject({
  session_id: z.string().min(1).max(64),
  event: z.enum(AUDIT_EVENTS),
  field: z.enum(CARD_FIELDS),
});

/**
 * Reveal, hide and copy, recorded for the audit trail: field names only, never a value.
 * Recorded for a live session even once its merchant or card is shut off (unlike the
 * transactions query): these are what the cardholder did with data already delivered,
 * and the trail is worth most then.
 */
export function displayEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(DISPLAY_ROUTES.events, { config: { rateLimit: ctx.limits.events } }, async (req, reply) => {
    const now = ctx.now();
    const body = parseBody(eventBody, req.body);
    // no frame copies the PIN: a copy of it in the trail would be a forged claim
    if (body.event === 'copy' && !isCopyable(body.field)) throw new ApiError(1004, 'field');
    const session = await ctx.stores.ephemeral.getSession(sessionKey(body.session_id), now);
    if (!session) throw new ApiError(1014);
    if (!session.fields.includes(body.field)) throw new ApiError(1004, 'field');
    const card = await ctx.stores.cards.get(session.cardId);
    await ctx.stores.audit.record({
      at: now,
      action: body.event,
      outcome: 0,
      merchantId: session.merchantId,
      cardId: session.cardId,
      cardLast4: card?.last4 ?? null,
      sessionId: session.id,
      field: body.field,
      origin: session.parentOrigin,
      ip: req.ip,
    });
    return reply.send(okBody({ recorded: true }, localeOf(req)));
  });
}
