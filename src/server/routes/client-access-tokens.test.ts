import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accessToken, createHarness, mint, OTHER_SHOP, PUBLIC_ORIGIN, SHOP, type Harness } from '../testing/harness.js';
import { MERCHANT_ROUTES } from '../../shared/merchant-signature.js';
import { createCard, createMerchant, updateMerchant } from '../admin/commands.js';
import { hashToken } from '../crypto/tokens.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const codeOf = async (p: ReturnType<typeof mint>) => ((await p).json() as { code: number }).code;

describe('POST /api/v1/pci/client-access-tokens', () => {
  it('mints an opaque single-use token with its expiry', async () => {
    const res = await mint(h, { ttl_seconds: 120 });
    const body = res.json();
    expect(body.code).toBe(0);
    expect(body.data.client_access_token).toMatch(/^cat_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.data.expires_at) - h.clock.now).toBe(120_000);
    expect(body.data.hosted_url).toBeUndefined();
  });

  it('returns a hosted_url carrying the token in the fragment only', async () => {
    const body = (await mint(h, { mode: 'hosted' }, undefined)).json();
    expect(body.code).toBe(0);
    const url = new URL(body.data.hosted_url);
    expect(url.origin + url.pathname).toBe(`${PUBLIC_ORIGIN}/hosted`);
    expect(url.search).toBe('');
    expect(new URLSearchParams(url.hash.slice(1)).get('token')).toBe(body.data.client_access_token);
  });

  it('answers 1006 without an Access-Token and 1007 for an unknown or expired one', async () => {
    const noToken = await h.app.inject({ method: 'POST', url: MERCHANT_ROUTES.clientAccessTokens, payload: {} });
    expect(noToken.json().code).toBe(1006);
    expect(await codeOf(mint(h, {}, 'mat_not_a_real_token'))).toBe(1007);
    const token = await accessToken(h);
    h.clock.now += 7200_000;
    expect(await codeOf(mint(h, {}, token))).toBe(1007);
  });

  it('answers 1021 when the Access-Token belongs to a merchant that no longer exists', async () => {
    const key = { apiKey: 'ak_orphan', merchantId: 'mch_gone', secret: 's', enabled: true, expiresAt: null, ipAllow: [] };
    vi.spyOn(h.stores.merchants, 'getApiKey').mockResolvedValue(key);
    await h.stores.ephemeral.putAccessToken(hashToken('mat_orphan_token_value'), {
      merchantId: 'mch_gone',
      apiKey: key.apiKey,
      expiresAt: h.clock.now + 60_000,
    });
    expect(await codeOf(mint(h, {}, 'mat_orphan_token_value'))).toBe(1021);
  });

  it.each([
    ['card_id', { card_id: '' }],
    ['fields', { fields: [] }],
    ['fields', { fields: ['pan', 'pan'] }],
    ['fields', { fields: ['pan', 'balance'] }],
    ['mode', { mode: 'popup' }],
    ['parent_origin', { parent_origin: 'https://shop.example/path' }],
    ['parent_origin', { parent_origin: 'javascript:alert(1)' }],
    ['ttl_seconds', { ttl_seconds: 29 }],
    ['ttl_seconds', { ttl_seconds: 601 }],
    ['ttl_seconds', { ttl_seconds: 30.5 }],
    // PostgreSQL cannot hold U+0000: refused here, the same on either store family
    ['card_id', { card_id: 'card_\u0000x' }],
    ['parent_origin', { parent_origin: 'https://shop.example\u0000' }],
    ['fields', { fields: ['pan', 'cvv\u0000'] }],
  ])('answers 1004 naming %s for %j', async (field, input) => {
    const body = (await mint(h, input as never)).json();
    expect(body).toEqual({ code: 1004, msg: `${field}: Invalid request parameter` });
  });

  it('answers 1004 naming parent_origin when embed mode omits it', async () => {
    const token = await accessToken(h);
    const res = await h.app.inject({
      method: 'POST',
      url: MERCHANT_ROUTES.clientAccessTokens,
      headers: { 'Access-Token': token, 'Content-Type': 'application/json', Language: 'zh_CN' },
      payload: JSON.stringify({ card_id: h.cards.virtual, fields: ['pan'], mode: 'embed' }),
    });
    expect(res.json()).toEqual({ code: 1004, msg: 'parent_origin：请求参数无效' });
  });

  it('answers 1004 naming the key for an unexpected key, and for a body that is not JSON', async () => {
    expect((await mint(h, { extra: 1 } as never)).json()).toEqual({ code: 1004, msg: 'extra: Invalid request parameter' });
    const token = await accessToken(h);
    const res = await h.app.inject({
      method: 'POST',
      url: MERCHANT_ROUTES.clientAccessTokens,
      headers: { 'Access-Token': token, 'Content-Type': 'application/json' },
      payload: '{"card_id":',
    });
    expect(res.json().code).toBe(1004);
  });

  it('answers 1012 for a mode the merchant does not have', async () => {
    await updateMerchant(h.stores, h.merchant.merchant_id, { modes: ['embed'] });
    expect(await codeOf(mint(h, { mode: 'hosted' }))).toBe(1012);
  });

  it('answers 1013 when PCI display is off for the merchant', async () => {
    await updateMerchant(h.stores, h.merchant.merchant_id, { pciDisplay: false });
    expect(await codeOf(mint(h))).toBe(1013);
  });

  it('answers 1015 for a parent origin outside the whitelist', async () => {
    expect(await codeOf(mint(h, { parent_origin: OTHER_SHOP }))).toBe(1015);
    expect(await codeOf(mint(h, { parent_origin: 'https://shop.example.evil.test' }))).toBe(1015);
    expect(await codeOf(mint(h, { parent_origin: 'http://shop.example' }))).toBe(1015);
    expect(await codeOf(mint(h, { parent_origin: SHOP }))).toBe(0);
  });

  it('answers 4004 for an unknown card and for another merchant’s card', async () => {
    expect(await codeOf(mint(h, { card_id: 'card_missing' }))).toBe(4004);
    const other = await createMerchant(h.stores, { name: 'Other', origins: [OTHER_SHOP] });
    const theirs = await createCard(h.stores, {
      merchantId: other.merchant_id,
      type: 'virtual',
      pan: '4111111111111111',
      cvv: '111',
      expiry: '01/30',
    });
    expect(await codeOf(mint(h, { card_id: theirs.card_id }))).toBe(4004);
  });

  it('answers 4005 for a frozen card', async () => {
    expect(await codeOf(mint(h, { card_id: h.cards.frozen, fields: ['pan'] }))).toBe(4005);
  });

  it('answers 4017 when pin is asked for a virtual card', async () => {
    expect(await codeOf(mint(h, { card_id: h.cards.virtual, fields: ['pan', 'pin'] }))).toBe(4017);
    expect(await codeOf(mint(h, { card_id: h.cards.virtual, fields: ['pan', 'cvv'] }))).toBe(0);
  });

  it('records the mint in the audit log without the token', async () => {
    const token = (await mint(h)).json().data.client_access_token as string;
    const log = await h.stores.audit.list({ merchantId: h.merchant.merchant_id });
    expect(log.at(-1)).toMatchObject({ action: 'mint', outcome: 0, cardLast4: '4242', origin: SHOP });
    expect(JSON.stringify(log)).not.toContain(token);
  });

  it('binds a hosted token to no parent origin, and audits none, whatever origin the body names', async () => {
    const body = (await mint(h, { mode: 'hosted', parent_origin: 'https://evil.example' })).json();
    expect(body.code).toBe(0);
    const token = await h.stores.ephemeral.consumeClientToken(hashToken(body.data.client_access_token), h.clock.now, '127.0.0.1');
    expect(token).toMatchObject({ mode: 'hosted', parentOrigin: null });
    const log = await h.stores.audit.list({ merchantId: h.merchant.merchant_id });
    expect(log.at(-1)).toMatchObject({ action: 'mint', outcome: 0, origin: null });
    expect(JSON.stringify(log)).not.toContain('evil.example');
  });
});
