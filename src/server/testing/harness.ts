import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { createSqliteStores } from '../stores/sqlite/index.js';
import type { Stores } from '../stores/types.js';
import { createCard, createMerchant } from '../admin/commands.js';
import { hmacSha256Hex, sha256Hex } from '../crypto/tokens.js';
import { signingString, MERCHANT_ROUTES } from '../../shared/merchant-signature.js';
import { DISPLAY_ROUTES } from '../../shared/api.js';
import type { DisplayMode, GrantableField } from '../../shared/fields.js';

/**
 * A real app on a fresh in-memory SQLite store, driven with `inject` (no port), with a
 * clock the test can move. Merchants and cards are made through the admin commands.
 */
export const SHOP = 'https://shop.example';
export const OTHER_SHOP = 'https://other.example';
export const PUBLIC_ORIGIN = 'http://127.0.0.1:8787';

export interface Harness {
  app: FastifyInstance;
  stores: Stores;
  config: Config;
  clock: { now: number };
  merchant: { merchant_id: string; api_key: string; api_secret: string };
  cards: { physical: string; virtual: string; frozen: string };
  close(): Promise<void>;
}

let cachedKey: { publicKey: KeyObject; privateKey: KeyObject; spki: string } | undefined;

/** One 2048-bit key pair per test process: generating one costs ~100 ms. */
export function frameKeyPair() {
  if (!cachedKey) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
    cachedKey = { publicKey, privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
  }
  return cachedKey;
}

/** `stores`: run on these (e.g. the scaled-out family) instead of a fresh in-memory SQLite. */
export async function createHarness(env: Record<string, string> = {}, opts: { stores?: Stores } = {}): Promise<Harness> {
  const config = loadConfig({
    PUBLIC_ORIGIN,
    CARDVEIL_DB: ':memory:',
    LOG_LEVEL: 'silent',
    FRAME_DIST: env.FRAME_DIST ?? '/nonexistent',
    SDK_DIST: env.SDK_DIST ?? '/nonexistent',
    RATE_LIMITS: 'off',
    ...env,
  });
  const stores = opts.stores ?? createSqliteStores(':memory:', randomBytes(32));
  const clock = { now: Date.now() };
  const app = await buildApp({ config, stores, now: () => clock.now });
  const merchant = await createMerchant(stores, { name: 'Test Shop', origins: [SHOP], modes: ['embed', 'hosted'] });
  const physical = await createCard(stores, {
    merchantId: merchant.merchant_id,
    type: 'physical',
    pan: '4242424242424242',
    cvv: '123',
    expiry: '12/30',
    pin: '246813',
  });
  const virtual = await createCard(stores, {
    merchantId: merchant.merchant_id,
    type: 'virtual',
    pan: '5555555555554444',
    cvv: '456',
    expiry: '01/29',
  });
  const frozen = await createCard(stores, {
    merchantId: merchant.merchant_id,
    type: 'virtual',
    pan: '4000056655665556',
    cvv: '789',
    expiry: '02/28',
    status: 'frozen',
  });
  return {
    app,
    stores,
    config,
    clock,
    merchant,
    cards: { physical: physical.card_id, virtual: virtual.card_id, frozen: frozen.card_id },
    async close() {
      await app.close();
      await stores.close();
    },
  };
}

/** Headers of a correctly signed merchant request. */
export function signedHeaders(
  h: Pick<Harness, 'clock'>,
  creds: { api_key: string; api_secret: string },
  path: string,
  body: string | Buffer = '',
  overrides: Record<string, string> = {},
) {
  const timestamp = overrides.Timestamp ?? String(h.clock.now);
  const nonce = overrides.Nonce ?? randomBytes(16).toString('base64url');
  const signature = hmacSha256Hex(creds.api_secret, signingString(timestamp, nonce, 'POST', path, sha256Hex(body)));
  return { 'Api-Key': creds.api_key, Timestamp: timestamp, Nonce: nonce, Signature: signature, ...overrides };
}

export async function accessToken(h: Harness, creds = h.merchant): Promise<string> {
  const res = await h.app.inject({
    method: 'POST',
    url: MERCHANT_ROUTES.accessToken,
    headers: signedHeaders(h, creds, MERCHANT_ROUTES.accessToken),
  });
  const body = res.json();
  if (body.code !== 0) throw new Error(`access token failed: ${res.body}`);
  return body.data.access_token as string;
}

export interface MintInput {
  card_id?: string;
  fields?: GrantableField[];
  mode?: DisplayMode;
  parent_origin?: string;
  ttl_seconds?: number;
}

export async function mint(h: Harness, input: MintInput = {}, token?: string) {
  const body = {
    card_id: h.cards.physical,
    fields: ['pan', 'expiry', 'cvv', 'pin'],
    mode: 'embed',
    parent_origin: SHOP,
    ...input,
  };
  if (body.mode === 'hosted' && !('parent_origin' in input)) delete (body as Partial<typeof body>).parent_origin;
  return h.app.inject({
    method: 'POST',
    url: MERCHANT_ROUTES.clientAccessTokens,
    headers: { 'Access-Token': token ?? (await accessToken(h)), 'Content-Type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

export async function mintToken(h: Harness, input: MintInput = {}): Promise<string> {
  const res = await mint(h, input);
  const body = res.json();
  if (body.code !== 0) throw new Error(`mint failed: ${res.body}`);
  return body.data.client_access_token as string;
}

/** Headers the frame's own fetch carries in Chromium. */
export function displayHeaders(h: Pick<Harness, 'clock'>, overrides: Record<string, string | undefined> = {}) {
  const headers: Record<string, string | undefined> = {
    'Content-Type': 'application/json',
    Origin: PUBLIC_ORIGIN,
    'Sec-Fetch-Site': 'same-origin',
    'Sec-Fetch-Mode': 'cors',
    'Sec-Fetch-Dest': 'empty',
    'X-Nonce': randomBytes(16).toString('base64url'),
    'X-Timestamp': String(h.clock.now),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

export function exchangeRequest(
  h: Pick<Harness, 'clock'>,
  body: Record<string, unknown>,
  headers: Record<string, string | undefined> = {},
): InjectOptions {
  return {
    method: 'POST',
    url: DISPLAY_ROUTES.sessions,
    headers: displayHeaders(h, headers),
    payload: JSON.stringify({ mode: 'embed', parent_origin: SHOP, public_key: frameKeyPair().spki, ...body }),
  };
}

export async function exchange(h: Harness, body: Record<string, unknown>, headers: Record<string, string | undefined> = {}) {
  return h.app.inject(exchangeRequest(h, body, headers));
}
