import { createHash, createHmac, randomBytes } from 'node:crypto';
import { MERCHANT_ROUTES, SIGNATURE_HEADERS, signingString } from '../../shared/merchant-signature.js';
import { errorMessage } from '../../shared/error-codes.js';
import type { ApiResponse } from '../../shared/api.js';
import type { DisplayMode, GrantableField } from '../../shared/fields.js';
import type { Locale } from '../../shared/locale.js';

/**
 * What any merchant backend does (DESIGN §4): sign a request with
 * the API secret for an Access-Token (cached until shortly before it expires), then
 * mint one Client-Access-Token per card view. The secret never leaves this process.
 */
export interface MerchantCredentials {
  api_key: string;
  api_secret: string;
}

export interface MintRequest {
  card_id: string;
  fields: GrantableField[];
  mode: DisplayMode;
  parent_origin?: string;
  locale: Locale;
}

/**
 * Why a mint failed on this side of the platform, with no platform code of its own:
 * the Access-Token request was refused (its code is kept), or the display server
 * could not be reached or did not answer with JSON (1001).
 */
export type MintFailureReason = 'access_token_refused' | 'display_unreachable' | 'bad_response';

type MintData = { client_access_token: string; expires_at: string; hosted_url?: string };

/** The platform's answer as it is, or a local failure in the same shape with its reason. */
export type MintResult = ApiResponse<MintData> | { code: number; msg: string; data?: undefined; reason: MintFailureReason };

/** A failed merchant API call: the platform's code where it answered, else 1001. */
export class MerchantApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: MintFailureReason,
    /** the platform's `msg`, or what went wrong on the way */
    readonly detail: string,
  ) {
    super(`${reason}: ${code} ${detail}`);
    this.name = 'MerchantApiError';
  }
}

/**
 * 1006 (Access-Token is required) and 1007 (invalid or expired) both mean the platform
 * no longer honours the token we hold, whatever our clock says: scaled out, a Redis that
 * restarted empty forgets every Access-Token at once (docs/scale-out.md).
 */
const ACCESS_TOKEN_REFUSALS: ReadonlySet<number> = new Set([1006, 1007]);

/** Refreshed this long before the platform's expiry, so a token is never presented as it lapses. */
const EXPIRY_MARGIN_SECONDS = 60;

/**
 * How long one call to the platform may take, answer included. Node's fetch would wait
 * minutes for a platform that accepted the connection and never answered, and every mint
 * shares one Access-Token request: one hung call would stall every cardholder's view long
 * after their frame gave up (its own limit is 15 s).
 */
export const PLATFORM_TIMEOUT_MS = 10_000;

async function postJson<T>(fetchImpl: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<T> {
  let res: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    res = await fetchImpl(url, { ...init, method: 'POST', signal });
  } catch (e) {
    throw new MerchantApiError(1001, 'display_unreachable', (e as Error).message);
  }
  try {
    // the body's wait counts against the same limit: the signal ends it too
    return (await res.json()) as T;
  } catch {
    throw new MerchantApiError(1001, 'bad_response', `HTTP ${res.status}, not JSON`);
  }
}

/** Step 1: a signed request (HMAC-SHA256 over the signing string) buys an Access-Token. */
export async function requestAccessToken(
  displayOrigin: string,
  creds: MerchantCredentials,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = PLATFORM_TIMEOUT_MS,
): Promise<{ token: string; expiresIn: number }> {
  const path = MERCHANT_ROUTES.accessToken;
  const timestamp = String(Date.now());
  const nonce = randomBytes(16).toString('base64url');
  const bodyHash = createHash('sha256').update('').digest('hex');
  const signature = createHmac('sha256', creds.api_secret)
    .update(signingString(timestamp, nonce, 'POST', path, bodyHash))
    .digest('hex');
  const body = await postJson<ApiResponse<{ access_token: string; expires_in: number }>>(
    fetchImpl,
    displayOrigin + path,
    {
      headers: {
        [SIGNATURE_HEADERS.apiKey]: creds.api_key,
        [SIGNATURE_HEADERS.timestamp]: timestamp,
        [SIGNATURE_HEADERS.nonce]: nonce,
        [SIGNATURE_HEADERS.signature]: signature,
      },
    },
    timeoutMs,
  );
  if (body.code !== 0 || !body.data) {
    // a refusal carries the platform's code; an answer without data is the platform's fault
    throw new MerchantApiError(body.code || 1001, 'access_token_refused', body.msg);
  }
  return { token: body.data.access_token, expiresIn: body.data.expires_in };
}

export interface MerchantClientOptions {
  /** the HTTP client; tests pass a fake display server */
  fetch?: typeof fetch;
  /** how long one call to the platform may take (PLATFORM_TIMEOUT_MS) */
  timeoutMs?: number;
}

export function createMerchantClient(displayOrigin: string, creds: MerchantCredentials, options: MerchantClientOptions = {}) {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? PLATFORM_TIMEOUT_MS;
  let cached: { token: string; until: number } | undefined;
  // One request in flight at most: mints that all meet a 1007 share the new token.
  let pending: Promise<string> | undefined;

  function accessToken(): Promise<string> {
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.token);
    pending ??= requestAccessToken(displayOrigin, creds, fetchImpl, timeoutMs)
      .then(({ token, expiresIn }) => {
        cached = { token, until: Date.now() + (expiresIn - EXPIRY_MARGIN_SECONDS) * 1000 };
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  /** Forgets a refused token, unless a concurrent mint has already replaced it. */
  function forget(token: string) {
    if (cached?.token === token) cached = undefined;
  }

  function post(req: MintRequest, token: string): Promise<MintResult> {
    const { locale, ...body } = req;
    return postJson<MintResult>(
      fetchImpl,
      displayOrigin + MERCHANT_ROUTES.clientAccessTokens,
      {
        headers: { [SIGNATURE_HEADERS.accessToken]: token, 'Content-Type': 'application/json', Language: locale },
        body: JSON.stringify(body),
      },
      timeoutMs,
    );
  }

  /**
   * Step 2: one Client-Access-Token. A refused Access-Token is dropped and the mint
   * retried once with a new one; a second refusal is returned as it is, so a platform
   * that keeps refusing is not hammered. Never throws for the platform's answers or
   * its absence: the caller gets `{code, msg}`, and `reason` when the failure is ours.
   */
  async function mint(req: MintRequest): Promise<MintResult> {
    try {
      const token = await accessToken();
      const result = await post(req, token);
      if (!ACCESS_TOKEN_REFUSALS.has(result.code)) return result;
      forget(token);
      const again = await post(req, await accessToken());
      // a new Access-Token refused at once is ours to fix (a key disabled meanwhile), not the page's
      return ACCESS_TOKEN_REFUSALS.has(again.code) ? { code: again.code, msg: again.msg, reason: 'access_token_refused' } : again;
    } catch (e) {
      if (!(e instanceof MerchantApiError)) throw e;
      // 1001's text in the cardholder's language; a platform refusal keeps the platform's own
      return { code: e.code, msg: e.code === 1001 ? errorMessage(1001, req.locale) : e.detail, reason: e.reason };
    }
  }

  return { mint };
}

export type MerchantClient = ReturnType<typeof createMerchantClient>;
