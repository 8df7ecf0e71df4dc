import type { FastifyRequest } from 'fastify';
import { NONCE_HEADER, TIMESTAMP_HEADER } from '../../shared/api.js';
import { ApiError } from '../errors.js';
import { header } from './request.js';
import { checkTimestamp, nonceExpiry } from './replay-window.js';
import type { AppContext } from '../context.js';
import { NONCE_SCOPES } from '../stores/types.js';

/** ≥ 16 random bytes, base64url (22+ characters). */
const NONCE = /^[A-Za-z0-9_-]{22,128}$/;

/**
 * The display API is called only by Cardveil's own pages, same origin (DESIGN §5).
 * These checks run on headers alone, before the body is read, in the contract's order:
 * 1018 Fetch Metadata, 1016 Origin, 1005 timestamp, 1017 nonce. They run after the per-IP
 * rate limit (app.ts): a flood refused with 1009 leaves no nonce behind.
 */
export function createDisplayGuard(ctx: AppContext) {
  return async function displayGuard(req: FastifyRequest): Promise<void> {
    checkFetchMetadata(req, ctx.config.ALLOW_MISSING_FETCH_METADATA);
    if (header(req, 'origin') !== ctx.config.PUBLIC_ORIGIN) throw new ApiError(1016);
    const now = ctx.now();
    checkTimestamp(header(req, TIMESTAMP_HEADER), now);
    const nonce = header(req, NONCE_HEADER) ?? '';
    if (!NONCE.test(nonce)) throw new ApiError(1017);
    const fresh = await ctx.stores.ephemeral.rememberNonce(NONCE_SCOPES.display, nonce, nonceExpiry(now));
    if (!fresh) throw new ApiError(1017);
  };
}

/**
 * A fetch from our own page carries Sec-Fetch-Site: same-origin, Mode: cors (or
 * same-origin) and Dest: empty. A form post, a navigation, a cross-site script or a
 * request forged outside a browser fails. Headerless requests pass only where old
 * browsers must be served (ALLOW_MISSING_FETCH_METADATA=1).
 */
export function checkFetchMetadata(req: FastifyRequest, allowMissing: boolean): void {
  const site = header(req, 'sec-fetch-site');
  const mode = header(req, 'sec-fetch-mode');
  const dest = header(req, 'sec-fetch-dest');
  if (site === undefined && mode === undefined && dest === undefined) {
    if (allowMissing) return;
    throw new ApiError(1018);
  }
  if (site !== 'same-origin' || (mode !== 'cors' && mode !== 'same-origin') || dest !== 'empty') {
    throw new ApiError(1018);
  }
}
