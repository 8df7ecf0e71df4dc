import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createCard } from '../../admin/commands.js';
import { MERCHANT_ROUTES } from '../../../shared/merchant-signature.js';
import { createHarness, exchangeRequest, mintToken, signedHeaders, type Harness } from '../../testing/harness.js';
import { scaledTestWorld, type ScaledTestWorld } from '../../testing/scaled-stores.js';
import { NONCE_SCOPES } from '../types.js';
import { ageRedisKeys } from '../../testing/redis-clock.js';
import { TEST_REDIS_URL } from '../../testing/services.js';

/**
 * Two display-server instances on their own ports, each with its own connections to one
 * Redis and one PostgreSQL, as behind a load balancer. Everything a token, a nonce or a
 * rate limit promises must hold across them.
 */
const PER_CARD_LIMIT = 6;

let world: ScaledTestWorld;
let h: Harness;
let appB: FastifyInstance;
const base: { a: string; b: string } = { a: '', b: '' };

beforeAll(async () => {
  world = await scaledTestWorld();
  const env = { RATE_LIMITS: 'on', EXCHANGES_PER_CARD_PER_MINUTE: String(PER_CARD_LIMIT) };
  h = await createHarness(env, { stores: await world.open() });
  appB = await buildApp({ config: h.config, stores: await world.open(), now: () => h.clock.now });
  base.a = await h.app.listen({ port: 0, host: '127.0.0.1' });
  base.b = await appB.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await appB?.close();
  await h?.app.close();
  await world?.close();
});

/** A request as the frame or merchant would send it, over the wire to one instance. */
async function send(instance: 'a' | 'b', req: InjectOptions) {
  const res = await fetch(base[instance] + String(req.url), {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: req.payload as string | undefined,
  });
  return (await res.json()) as { code: number; data?: { session_id: string; access_token?: string } };
}

describe('two instances sharing Redis and PostgreSQL', () => {
  it('listen on different ports', () => {
    expect(new URL(base.a).port).not.toBe(new URL(base.b).port);
  });

  it('exchange through one a token minted through the other, once', async () => {
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan', 'cvv'] });
    const first = await send('b', exchangeRequest(h, { client_access_token: token }));
    expect(first.code).toBe(0);
    expect(first.data?.session_id).toMatch(/^ses_/);
    expect((await send('a', exchangeRequest(h, { client_access_token: token }))).code).toBe(1014);
    expect((await send('b', exchangeRequest(h, { client_access_token: token }))).code).toBe(1014);
  });

  it('let exactly one of 50 concurrent exchanges of one token, spread over both, succeed', async () => {
    const token = await mintToken(h, { card_id: h.cards.physical });
    const exchanges = async () => (await h.stores.audit.list({})).filter((r) => r.action === 'exchange');
    const before = (await exchanges()).length;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(i % 2 ? 'a' : 'b', exchangeRequest(h, { client_access_token: token }))),
    );
    const codes = results.map((r) => r.code);
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 1014)).toHaveLength(49);
    // and the audit trail, written by both, shows the one success and every refusal
    const rows = (await exchanges()).slice(before);
    expect(rows).toHaveLength(50);
    expect(rows.filter((r) => r.outcome === 0)).toEqual([expect.objectContaining({ cardId: h.cards.physical })]);
    // each refusal names the card, even one that read the ledger before the winner's row was in
    expect(rows.filter((r) => r.outcome === 1014).map((r) => r.cardId)).toEqual(Array(49).fill(h.cards.physical));
  });

  it('refuse on one a display nonce already used on the other', async () => {
    const nonce = randomBytes(16).toString('base64url');
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan', 'cvv'] });
    expect((await send('a', exchangeRequest(h, { client_access_token: token }, { 'X-Nonce': nonce }))).code).toBe(0);
    const again = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan', 'cvv'] });
    expect((await send('b', exchangeRequest(h, { client_access_token: again }, { 'X-Nonce': nonce }))).code).toBe(1017);
  });

  it('refuse on one a merchant request nonce already used on the other', async () => {
    const headers = signedHeaders(h, h.merchant, MERCHANT_ROUTES.accessToken);
    const req: InjectOptions = { method: 'POST', url: MERCHANT_ROUTES.accessToken, headers };
    expect((await send('b', req)).code).toBe(0);
    expect((await send('a', req)).code).toBe(1017);
  });

  it('accept on one an Access-Token issued by the other', async () => {
    const issued = await send('a', {
      method: 'POST',
      url: MERCHANT_ROUTES.accessToken,
      headers: signedHeaders(h, h.merchant, MERCHANT_ROUTES.accessToken),
    });
    const body = JSON.stringify({ card_id: h.cards.virtual, fields: ['pan'], mode: 'hosted' });
    const minted = await send('b', {
      method: 'POST',
      url: MERCHANT_ROUTES.clientAccessTokens,
      headers: { 'Access-Token': issued.data!.access_token!, 'Content-Type': 'application/json' },
      payload: body,
    });
    expect(minted.code).toBe(0);
  });

  it('count the per-card exchange limit across both', async () => {
    // a card of its own, so the earlier tests' exchanges do not count
    const card = await createCard(h.stores, {
      merchantId: h.merchant.merchant_id,
      type: 'virtual',
      pan: '4000000000000002',
      cvv: '321',
      expiry: '03/31',
    });
    const tokens = await Promise.all(
      Array.from({ length: PER_CARD_LIMIT + 2 }, () => mintToken(h, { card_id: card.card_id, fields: ['pan'] })),
    );
    const codes: number[] = [];
    for (const [i, token] of tokens.entries()) {
      codes.push((await send(i % 2 ? 'a' : 'b', exchangeRequest(h, { client_access_token: token }))).code);
    }
    // each instance alone saw only half the attempts, under the limit; together they are over it
    expect(codes).toEqual([...Array(PER_CARD_LIMIT).fill(0), 1009, 1009]);
  });

  it('keep a display nonce while another instance’s clock may run up to five minutes behind', async () => {
    const [a, b] = [await world.open(), await world.open()];
    const nonce = randomBytes(16).toString('base64url');
    // as the display guard records it: twice the ±300 s window, on the recording instance's clock
    const expiresAt = h.clock.now + 600_000;
    expect(await a.ephemeral.rememberNonce(NONCE_SCOPES.display, nonce, expiresAt)).toBe(true);
    // B, 299 s behind A, still accepts the nonce's timestamp until A's expiresAt + 299 s
    await ageRedisKeys(TEST_REDIS_URL, world.options.redisKeyPrefix, 600_000 + 299_000);
    expect(await b.ephemeral.rememberNonce(NONCE_SCOPES.display, nonce, expiresAt + 299_000)).toBe(false);
  });

  // Last: purging runs the whole store's clean-up at a later time.
  it('keep a merchant nonce while another instance’s clock may run up to five minutes ahead', async () => {
    const [a, b] = [await world.open(), await world.open()];
    const scope = NONCE_SCOPES.merchant(h.merchant.api_key);
    const nonce = randomBytes(16).toString('base64url');
    const expiresAt = h.clock.now + 1_000;
    expect(await a.ephemeral.rememberNonce(scope, nonce, expiresAt)).toBe(true);
    await b.ephemeral.purgeExpired(expiresAt + 299_000);
    expect(await a.ephemeral.rememberNonce(scope, nonce, expiresAt)).toBe(false);
    await b.ephemeral.purgeExpired(expiresAt + 300_001);
    expect(await a.ephemeral.rememberNonce(scope, nonce, expiresAt)).toBe(true);
  });
});
