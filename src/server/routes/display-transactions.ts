import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DISPLAY_ROUTES,
  MAX_TRANSACTION_RANGE_DAYS,
  TRANSACTIONS_PAGE_SIZE,
  type TransactionsResponse,
} from '../../shared/api.js';
import { ApiError, okBody } from '../errors.js';
import { localeOf, parseBody } from '../http/request.js';
import { decodeCursor, encodeCursor } from '../stores/transaction-cursor.js';
import type { AppContext } from '../context.js';
import { sessionKey } from '../crypto/tokens.js';
import { cardRefusal, merchantRefusal, placementRefusal } from './display-standing.js';
import { ceilMs, instantOf, isLongerThan, isoInstant } from '../instant.js';

const transactionsBody = z.strictObject({
  session_id: z.string().min(1).max(64),
  start_time: isoInstant,
  end_time: isoInstant,
  cursor: z.string().min(1).max(200).optional(),
});

/**
 * 90 days, plus a clock change where the two ends say there was one. The frame sends
 * calendar days in the cardholder's zone, local midnight to local midnight, each with its
 * UTC offset, so 90 days that span the end of daylight saving time are 90 × 24 h + 1 h long,
 * their offsets an hour apart; the difference keeps "exactly 90 days is allowed" true there
 * (docs/decisions.md). Two ends with one offset get 90 × 24 h to the digit. The difference
 * counts up to two hours (Antarctica/Troll's shift, the largest there is): the limit stays a
 * duration, trusting the offsets a caller writes no further than a real clock change.
 */
const MAX_RANGE_MS = MAX_TRANSACTION_RANGE_DAYS * 86_400_000;
const MAX_SHIFT_MS = 2 * 3_600_000;

/**
 * The card's recent transactions for the optional panel (DESIGN §5). Headers ran through
 * the display guard (1018, 1016, 1005, 1017); then, in order: 1004 body (a malformed
 * cursor included), 1014 session unknown or expired, 1004 `session_id` when the session
 * was not granted `transactions` (the parameter names a session that cannot make this
 * request; 1014 would tell the frame to fetch a new token, which would not help),
 * 1021/1022/1013, 1012/1015 and 4004/4005 as the exchange's, now (display-standing.ts), 1019
 * end not after start, 1020 range over 90 days (and the ends' clock change, MAX_SHIFT_MS), 4009
 * nothing in the range.
 * The range is half-open, [start_time, end_time). Amounts, currency, merchant name,
 * status and time only: the card's number is not even read.
 */
export function displayTransactionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(DISPLAY_ROUTES.transactions, { config: { rateLimit: ctx.limits.transactions } }, async (req, reply) => {
    const body = parseBody(transactionsBody, req.body);
    const after = body.cursor === undefined ? undefined : decodeCursor(body.cursor);
    if (after === null) throw new ApiError(1004, 'cursor');
    const session = await ctx.stores.ephemeral.getSession(sessionKey(body.session_id), ctx.now());
    if (!session) throw new ApiError(1014);
    if (!session.fields.includes('transactions')) throw new ApiError(1004, 'session_id');
    // Held to the exchange's checks again, now: a merchant frozen or switched off, a mode
    // withdrawn or a page taken off the whitelist, or a card frozen or cancelled, since the
    // view opened shows no more of the card's activity.
    // two independent reads: one round trip to a remote store, not two
    const [merchant, card] = await Promise.all([
      ctx.stores.merchants.get(session.merchantId),
      ctx.stores.cards.get(session.cardId),
    ]);
    if (!merchant) throw new ApiError(1021);
    const closed = merchantRefusal(merchant);
    if (closed) throw new ApiError(closed);
    const misplaced = placementRefusal(merchant, session.mode, session.parentOrigin);
    if (misplaced) throw new ApiError(misplaced);
    if (!card) throw new ApiError(4004);
    const unusable = cardRefusal(card, merchant.id);
    if (unusable) throw new ApiError(unusable);
    const from = instantOf(body.start_time);
    const to = instantOf(body.end_time);
    if (!isLongerThan(from, to, 0)) throw new ApiError(1019);
    const shift = Math.min(Math.abs(to.offsetMs - from.offsetMs), MAX_SHIFT_MS);
    if (isLongerThan(from, to, MAX_RANGE_MS + shift)) throw new ApiError(1020);

    const page = await ctx.stores.transactions.list({
      cardId: session.cardId,
      from: ceilMs(from),
      to: ceilMs(to),
      ...(after ? { after } : {}),
      limit: TRANSACTIONS_PAGE_SIZE,
    });
    // Only a first page can be "none": a later one that comes back empty just ends the list.
    if (page.items.length === 0 && !after) throw new ApiError(4009);
    const data: TransactionsResponse = {
      transactions: page.items.map((t) => ({
        id: t.id,
        amount: t.amount,
        currency: t.currency,
        merchant_name: t.merchantName,
        status: t.status,
        time: new Date(t.time).toISOString(),
      })),
      next_cursor: page.next ? encodeCursor(page.next) : null,
    };
    return reply.send(okBody(data, localeOf(req)));
  });
}
