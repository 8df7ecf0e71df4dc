import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MERCHANT_ROUTES, SIGNATURE_HEADERS, signingString } from '../../shared/merchant-signature.js';
import { ApiError, okBody } from '../errors.js';
import { header, localeOf, rawBodyOf } from '../http/request.js';
import { ipAllowed } from '../http/ip-allow.js';
import { checkTimestamp, nonceExpiry } from '../http/replay-window.js';
import { hashToken, hmacSha256Hex, newSecret, safeEqualHex, sha256Hex } from '../crypto/tokens.js';
import type { AppContext } from '../context.js';
import { NONCE_SCOPES } from '../stores/types.js';

const ACCESS_TOKEN_TTL_S = 7200;
/**
 * DESIGN §4 asks only that a nonce be unique per key within the window: hex, base64 (either
 * alphabet), a UUID or a counter all do, up to 128 characters. Not spaces, quotes or angle
 * brackets, which no generator makes and which would only travel on into logs.
 */
const NONCE = /^[\w.~:+/=-]{1,128}$/;

/**
 * Step 1 of the merchant API (DESIGN §4): a request signed with the API secret buys an
 * Access-Token. The signature is checked right after the key is found, and the nonce is
 * burned only once it holds, so unsigned traffic can neither exhaust a merchant's nonces
 * nor read the account's state.
 */
export function merchantAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(MERCHANT_ROUTES.accessToken, { onRequest: ctx.limits.merchant }, async (req, reply) => {
    const now = ctx.now();
    const apiKeyValue = header(req, SIGNATURE_HEADERS.apiKey);
    if (!apiKeyValue) throw new ApiError(1002);
    const key = await ctx.stores.merchants.getApiKey(apiKeyValue);
    if (!key) throw new ApiError(1008);

    const timestamp = header(req, SIGNATURE_HEADERS.timestamp) ?? '';
    checkTimestamp(timestamp, now);
    const nonce = header(req, SIGNATURE_HEADERS.nonce) ?? '';
    if (!NONCE.test(nonce)) throw new ApiError(1004, 'nonce');
    const signature = header(req, SIGNATURE_HEADERS.signature) ?? '';
    const expected = hmacSha256Hex(
      key.secret,
      signingString(timestamp, nonce, req.method, pathOf(req), sha256Hex(rawBodyOf(req))),
    );
    if (!safeEqualHex(signature.toLowerCase(), expected)) throw new ApiError(1004, 'signature');
    const fresh = await ctx.stores.ephemeral.rememberNonce(NONCE_SCOPES.merchant(key.apiKey), nonce, nonceExpiry(now));
    if (!fresh) throw new ApiError(1017);

    // The key's state is told only to whoever holds the secret: an API key alone (it travels
    // in a header, it may sit in a proxy's log) learns nothing of whether the key is on or
    // which addresses it allows. (Whether the merchant is frozen or has PCI display off is no
    // secret: its card frames say so to any page, through /embed and the embed check.)
    if (!key.enabled) throw new ApiError(1010);
    if (key.expiresAt !== null && key.expiresAt <= now) throw new ApiError(1011);
    if (!ipAllowed(req.ip, key.ipAllow)) throw new ApiError(1003);
    const merchant = await ctx.stores.merchants.get(key.merchantId);
    if (!merchant) throw new ApiError(1021);
    if (merchant.status !== 'active') throw new ApiError(1022);

    const accessToken = newSecret('mat');
    // Kept with the key that bought it: each use re-checks that key (client-access-tokens.ts).
    await ctx.stores.ephemeral.putAccessToken(hashToken(accessToken), {
      merchantId: merchant.id,
      apiKey: key.apiKey,
      expiresAt: now + ACCESS_TOKEN_TTL_S * 1000,
    });
    return reply.send(okBody({ access_token: accessToken, expires_in: ACCESS_TOKEN_TTL_S }, localeOf(req)));
  });
}

function pathOf(req: FastifyRequest): string {
  const q = req.url.indexOf('?');
  return q === -1 ? req.url : req.url.slice(0, q);
}
