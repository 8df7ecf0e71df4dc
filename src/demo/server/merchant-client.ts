import { createHash, createHmac, randomBytes } from 'node:crypto';
import { MERCHANT_ROUTES, SIGNATURE_HEADERS, signingString } from '../../shared/merchant-signature.js';
import type { ApiResponse } from '../../shared/api.js';
import type { DisplayMode, GrantableField } from '../../shared/fields.js';
import type { Locale } from '../../shared/locale.js';

/**
 * What any merchant backend does, written from DESIGN §4 alone: sign a request with
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

export type MintResult = ApiResponse<{ client_access_token: string; expires_at: string; hosted_url?: string }>;

/** Step 1: a signed request (HMAC-SHA256 over the signing string) buys an Access-Token. */
export async function requestAccessToken(
  displayOrigin: string,
  creds: MerchantCredentials,
): Promise<{ token: string; expiresIn: number }> {
  const path = MERCHANT_ROUTES.accessToken;
  const timestamp = String(Date.now());
  const nonce = randomBytes(16).toString('base64url');
  const bodyHash = createHash('sha256').update('').digest('hex');
  const signature = createHmac('sha256', creds.api_secret)
    .update(signingString(timestamp, nonce, 'POST', path, bodyHash))
    .digest('hex');
  const res = await fetch(displayOrigin + path, {
    method: 'POST',
    headers: {
      [SIGNATURE_HEADERS.apiKey]: creds.api_key,
      [SIGNATURE_HEADERS.timestamp]: timestamp,
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.signature]: signature,
    },
  });
  const body = (await res.json()) as ApiResponse<{ access_token: string; expires_in: number }>;
  if (body.code !== 0 || !body.data) throw new Error(`access token refused: ${body.code} ${body.msg}`);
  return { token: body.data.access_token, expiresIn: body.data.expires_in };
}

export function createMerchantClient(displayOrigin: string, creds: MerchantCredentials) {
  let cached: { token: string; until: number } | undefined;

  async function accessToken(): Promise<string> {
    if (cached && cached.until > Date.now()) return cached.token;
    const { token, expiresIn } = await requestAccessToken(displayOrigin, creds);
    cached = { token, until: Date.now() + (expiresIn - 60) * 1000 };
    return token;
  }

  async function mint(req: MintRequest): Promise<MintResult> {
    const { locale, ...body } = req;
    const res = await fetch(displayOrigin + MERCHANT_ROUTES.clientAccessTokens, {
      method: 'POST',
      headers: { [SIGNATURE_HEADERS.accessToken]: await accessToken(), 'Content-Type': 'application/json', Language: locale },
      body: JSON.stringify(body),
    });
    return (await res.json()) as MintResult;
  }

  return { mint };
}
