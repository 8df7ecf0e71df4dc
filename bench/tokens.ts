import { generateKeyPairSync } from 'node:crypto';
import autocannon from 'autocannon';
import { MERCHANT_ROUTES, SIGNATURE_HEADERS } from '../src/shared/merchant-signature.js';
import { requestAccessToken } from '../src/demo/server/merchant-client.js';
import type { CardField } from '../src/shared/fields.js';

/**
 * Client-Access-Tokens minted through the merchant API, as a merchant backend does
 * (DESIGN §4): one signed request for an Access-Token, then one mint per token.
 */
export interface Merchant {
  merchant_id: string;
  api_key: string;
  api_secret: string;
}

export interface MintSpec {
  card_id: string;
  fields: CardField[];
  parent_origin: string;
}

/** An Access-Token, signed exactly as the demo merchant's backend does it. */
export async function accessToken(display: string, m: Merchant): Promise<string> {
  return (await requestAccessToken(display, m)).token;
}

function mintBody(spec: MintSpec): string {
  // the maximum lifetime: a pool minted before a run must still be valid at its end
  return JSON.stringify({ ...spec, mode: 'embed', ttl_seconds: 600 });
}

export async function mintOne(display: string, access: string, spec: MintSpec): Promise<string> {
  const res = await fetch(display + MERCHANT_ROUTES.clientAccessTokens, {
    method: 'POST',
    headers: { [SIGNATURE_HEADERS.accessToken]: access, 'Content-Type': 'application/json' },
    body: mintBody(spec),
  });
  const body = (await res.json()) as { code: number; data?: { client_access_token: string } };
  if (body.code !== 0 || !body.data) throw new Error(`mint refused: code ${body.code}`);
  return body.data.client_access_token;
}

/** Mints `count` tokens with autocannon (10 connections); throws unless every one came back. */
export async function mintMany(display: string, access: string, spec: MintSpec, count: number): Promise<string[]> {
  const tokens: string[] = [];
  const codes: Record<string, number> = {};
  await autocannon({
    url: display + MERCHANT_ROUTES.clientAccessTokens,
    connections: 10,
    amount: count,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { [SIGNATURE_HEADERS.accessToken]: access, 'Content-Type': 'application/json' },
        body: mintBody(spec),
        onResponse: (_status, body) => {
          const m = /"client_access_token":"([^"]+)"/.exec(body);
          if (m) tokens.push(m[1]!);
          else {
            const code = /^\{"code":(\d+)/.exec(body)?.[1] ?? 'unparsed';
            codes[code] = (codes[code] ?? 0) + 1;
          }
        },
      },
    ],
  });
  if (tokens.length < count) throw new Error(`minted ${tokens.length} of ${count} tokens; refusals: ${JSON.stringify(codes)}`);
  return tokens;
}

/** One RSA-2048 key for every exchange, as base64 SPKI DER: what the frame sends. */
export function framePublicKey(): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}
