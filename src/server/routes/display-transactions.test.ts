import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, displayHeaders, exchange, mint, mintToken, OTHER_SHOP, type Harness } from '../testing/harness.js';
import { DISPLAY_ROUTES, type TransactionsResponse } from '../../shared/api.js';
import { createTransaction, setCardStatus, updateMerchant } from '../admin/commands.js';

const DAY = 86_400_000;
let h: Harness;
let sessionId: string;

/** `n` transactions on a card, one an hour going back from `newest`. */
async function seed(cardId: string, n: number, newest: number) {
  for (let i = 0; i < n; i++) {
    await createTransaction(h.stores, {
      cardId,
      amount: `${i + 1}.50`,
      currency: 'USD',
      merchantName: `Shop ${i}`,
      status: 'completed',
      time: new Date(newest - i * 3_600_000).toISOString(),
    });
  }
}

beforeEach(async () => {
  h = await createHarness();
  const token = await mintToken(h, { fields: ['pan', 'transactions'] });
  sessionId = (await exchange(h, { client_access_token: token })).json().data.session_id;
});
afterEach(() => h.close());

const iso = (ms: number) => new Date(ms).toISOString();
const post = (body: Record<string, unknown>, headers: Record<string, string | undefined> = {}) =>
  h.app.inject({
    method: 'POST',
    url: DISPLAY_ROUTES.transactions,
    headers: displayHeaders(h, headers),
    payload: JSON.stringify(body),
  });
/** The last `days` days up to now, for the session under test. */
const lastDays = (days: number, extra: Record<string, unknown> = {}) =>
  post({ session_id: sessionId, start_time: iso(h.clock.now - days * DAY), end_time: iso(h.clock.now), ...extra });
const codeOf = async (p: ReturnType<typeof post>) => ((await p).json() as { code: number }).code;

describe('the transactions grant', () => {
  it('is minted alone or with card fields, listed in the session’s fields and sealed in no envelope', async () => {
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['transactions'] });
    const data = (await exchange(h, { client_access_token: token })).json().data;
    expect(data.fields).toEqual(['transactions']);
    expect(data.envelopes).toEqual({});
    const both = await mintToken(h, { fields: ['cvv', 'transactions'] });
    expect((await exchange(h, { client_access_token: both })).json().data).toMatchObject({
      fields: ['cvv', 'transactions'],
      envelopes: { card: expect.any(Object) },
    });
  });

  it('keeps the PIN rule: transactions on a virtual card are fine, a PIN is still 4017', async () => {
    const res = await mint(h, { card_id: h.cards.virtual, fields: ['transactions', 'pin'] });
    expect(res.json().code).toBe(4017);
    expect((await mint(h, { fields: ['transactions', 'transactions'] })).json()).toEqual({
      code: 1004,
      msg: 'fields: Invalid request parameter',
    });
  });
});

describe('POST /api/v1/pci/display/transactions', () => {
  it('lists the card’s transactions in the range, newest first, with no card data', async () => {
    await seed(h.cards.physical, 3, h.clock.now - 60_000);
    await seed(h.cards.virtual, 2, h.clock.now - 60_000); // another card's activity stays out
    const res = await lastDays(7);
    const body = res.json();
    expect(body.code).toBe(0);
    const data = body.data as TransactionsResponse;
    expect(data.next_cursor).toBeNull();
    expect(data.transactions.map((t) => t.merchant_name)).toEqual(['Shop 0', 'Shop 1', 'Shop 2']);
    expect(data.transactions[0]).toEqual({
      id: expect.stringMatching(/^txn_/),
      amount: 150,
      currency: 'USD',
      merchant_name: 'Shop 0',
      status: 'completed',
      time: iso(h.clock.now - 60_000),
    });
    expect(res.body).not.toContain('4242');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('keeps to the half-open range [start_time, end_time)', async () => {
    const at = h.clock.now - DAY;
    await seed(h.cards.physical, 1, at);
    const list = (start: number, end: number) => post({ session_id: sessionId, start_time: iso(start), end_time: iso(end) });
    expect(await codeOf(list(at, at + 1))).toBe(0);
    expect(await codeOf(list(at - 1000, at))).toBe(4009);
  });

  it('reads digits past the millisecond exactly, for the order and for the range', async () => {
    const at = Date.parse('2026-03-01T12:00:00.005Z');
    h.clock.now = at + DAY;
    await seed(h.cards.physical, 1, at);
    const list = (start_time: string, end_time: string) => codeOf(post({ session_id: sessionId, start_time, end_time }));
    // after by a tenth of a microsecond: no longer 1019, and nothing lies between
    expect(await list('2026-03-01T12:00:00.0050001Z', '2026-03-01T12:00:00.0050002Z')).toBe(4009);
    expect(await list('2026-03-01T12:00:00.0050002Z', '2026-03-01T12:00:00.0050001Z')).toBe(1019);
    expect(await list('2026-03-01T12:00:00.00500Z', '2026-03-01T12:00:00.005Z')).toBe(1019);
    // a start past the transaction's millisecond leaves it out; an end past it takes it in
    expect(await list('2026-03-01T12:00:00.0050001Z', '2026-03-01T13:00:00Z')).toBe(4009);
    expect(await list('2026-03-01T11:00:00Z', '2026-03-01T12:00:00.0050001Z')).toBe(0);
    expect(await list('2026-03-01T11:00:00Z', '2026-03-01T12:00:00.005Z')).toBe(4009);
    // 90 days is the limit to the last digit
    const after = (days: number, suffix: string) => new Date(at - 5 + days * DAY).toISOString().replace('.000Z', suffix);
    expect(await list('2026-03-01T12:00:00.0001Z', after(90, '.0001Z'))).toBe(0);
    expect(await list('2026-03-01T12:00:00.0001Z', after(90, '.00011Z'))).toBe(1020);
  });

  it('accepts times with a zone offset', async () => {
    await seed(h.cards.physical, 1, Date.parse('2026-03-01T12:00:00Z'));
    h.clock.now = Date.parse('2026-03-02T00:00:00Z');
    const res = await post({
      session_id: sessionId,
      start_time: '2026-03-01T08:00:00+08:00',
      end_time: '2026-03-01T20:30:00+08:00',
    });
    expect(res.json().data.transactions).toHaveLength(1);
  });

  it('pages 20 at a time with an opaque cursor until the last page', async () => {
    await seed(h.cards.physical, 45, h.clock.now - 60_000);
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const data = (await lastDays(7, cursor ? { cursor } : {})).json().data as TransactionsResponse;
      sizes.push(data.transactions.length);
      seen.push(...data.transactions.map((t) => t.merchant_name));
      cursor = data.next_cursor ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor);
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => `Shop ${i}`));
  });

  it('breaks ties in time by id, so rows at the same instant are neither repeated nor skipped', async () => {
    const at = h.clock.now - 60_000;
    for (let i = 0; i < 25; i++) {
      await createTransaction(h.stores, {
        cardId: h.cards.physical,
        amount: '1.00',
        currency: 'USD',
        merchantName: `Same ${i}`,
        status: 'pending',
        time: iso(at),
      });
    }
    const first = (await lastDays(1)).json().data as TransactionsResponse;
    const second = (await lastDays(1, { cursor: first.next_cursor })).json().data as TransactionsResponse;
    const ids = [...first.transactions, ...second.transactions].map((t) => t.id);
    expect(new Set(ids).size).toBe(25);
    expect(second.next_cursor).toBeNull();
  });

  it('answers an empty last page, not 4009, when a cursor runs past the end', async () => {
    await seed(h.cards.physical, 20, h.clock.now - 60_000);
    const first = (await lastDays(7)).json().data as TransactionsResponse;
    expect(first.next_cursor).toBeNull();
    const oldest = first.transactions.at(-1)!;
    const cursor = Buffer.from(`${Date.parse(oldest.time)}.${oldest.id}`).toString('base64url');
    expect((await lastDays(7, { cursor })).json()).toMatchObject({ code: 0, data: { transactions: [], next_cursor: null } });
  });

  it('answers 4009 when the range holds no transaction', async () => {
    await seed(h.cards.physical, 1, h.clock.now - 10 * DAY);
    expect((await lastDays(7)).json()).toEqual({ code: 4009, msg: 'Card transaction record not found' });
    expect(await codeOf(lastDays(30))).toBe(0);
  });

  it.each([
    ['equal to', 0],
    ['before', -DAY],
  ])('answers 1019 when end_time is %s start_time', async (_name, delta) => {
    const start = h.clock.now - DAY;
    const res = await post(
      { session_id: sessionId, start_time: iso(start), end_time: iso(start + delta) },
      { Language: 'zh_CN' },
    );
    expect(res.json()).toEqual({ code: 1019, msg: '查询结束时间必须晚于开始时间' });
  });

  it('answers 1020 for a range over 90 days, and allows exactly 90', async () => {
    await seed(h.cards.physical, 1, h.clock.now - 60_000);
    const spanning = (ms: number) =>
      codeOf(post({ session_id: sessionId, start_time: iso(h.clock.now - ms), end_time: iso(h.clock.now) }));
    expect((await lastDays(91)).json()).toEqual({ code: 1020, msg: 'Query time range exceeds the allowed limit' });
    expect(await spanning(90 * DAY + 1)).toBe(1020);
    expect(await spanning(90 * DAY)).toBe(0);
    expect(await codeOf(lastDays(90))).toBe(0);
  });

  it('allows 90 calendar days across the end of summer time, their offsets an hour apart, and no more', async () => {
    // The frame in Europe/Berlin for 2025-08-01 to 2025-10-29: CEST midnight to CET midnight.
    await seed(h.cards.physical, 1, Date.parse('2025-09-15T10:00:00Z'));
    const range = (start_time: string, end_time: string) => post({ session_id: sessionId, start_time, end_time });
    const res = await range('2025-08-01T00:00:00+02:00', '2025-10-30T00:00:00+01:00');
    expect(res.json().data.transactions).toHaveLength(1);
    // the same instants in UTC say nothing of a clock change: 90 days and an hour is over
    expect(await codeOf(range('2025-07-31T22:00:00.000Z', '2025-10-29T23:00:00.000Z'))).toBe(1020);
    // offsets further apart than any clock change buy no more than two hours
    expect(await codeOf(range('2025-08-01T00:00:00+14:00', '2025-10-30T00:00:00-12:00'))).toBe(1020);
  });

  it('answers 1014 for an unknown or expired session', async () => {
    expect(await codeOf(post({ session_id: 'ses_nope', start_time: iso(0), end_time: iso(DAY) }))).toBe(1014);
    h.clock.now += h.config.SESSION_TTL_SECONDS * 1000;
    expect(await codeOf(lastDays(7))).toBe(1014);
  });

  it('answers 1004 naming session_id for a session not granted transactions', async () => {
    await seed(h.cards.physical, 1, h.clock.now - 60_000);
    const token = await mintToken(h, { fields: ['pan', 'cvv'] });
    const other = (await exchange(h, { client_access_token: token })).json().data.session_id;
    const res = await post({ session_id: other, start_time: iso(h.clock.now - DAY), end_time: iso(h.clock.now) });
    expect(res.json()).toEqual({ code: 1004, msg: 'session_id: Invalid request parameter' });
  });

  it.each([
    ['the merchant was frozen', 1022, () => updateMerchant(h.stores, h.merchant.merchant_id, { status: 'frozen' })],
    ['PCI display was switched off', 1013, () => updateMerchant(h.stores, h.merchant.merchant_id, { pciDisplay: false })],
    ['the embed mode was withdrawn', 1012, () => updateMerchant(h.stores, h.merchant.merchant_id, { modes: ['hosted'] })],
    ['its page left the whitelist', 1015, () => updateMerchant(h.stores, h.merchant.merchant_id, { origins: [OTHER_SHOP] })],
    ['the card was frozen', 4005, () => setCardStatus(h.stores, h.cards.physical, 'frozen')],
    ['the card was cancelled', 4005, () => setCardStatus(h.stores, h.cards.physical, 'cancelled')],
  ] as const)('refuses an open session once %s: %i, checked on every page', async (_, code, change) => {
    await seed(h.cards.physical, 1, h.clock.now - 60_000);
    expect(await codeOf(lastDays(7))).toBe(0);
    await change();
    expect(await codeOf(lastDays(7))).toBe(code);
  });

  it.each([
    ['start_time', { start_time: '2026-03-01' }],
    ['start_time', { start_time: '2026-03-01T00:00:00' }],
    ['end_time', { end_time: '2026-02-30T00:00:00Z' }],
    ['end_time', { end_time: 1767225600000 }],
    ['session_id', { session_id: undefined }],
    ['cursor', { cursor: 'not a cursor' }],
    ['cursor', { cursor: Buffer.from('12.card_x').toString('base64url') }],
    ['card_id', { card_id: 'card_other' }],
    ['session_id', { session_id: 'ses_\u0000' }],
  ])('answers 1004 naming %s for %j', async (field, override) => {
    const body = { session_id: sessionId, start_time: iso(h.clock.now - DAY), end_time: iso(h.clock.now), ...override };
    expect((await post(body)).json()).toEqual({ code: 1004, msg: `${field}: Invalid request parameter` });
  });

  it('applies the display guards first: Fetch Metadata, Origin, timestamp, nonce', async () => {
    expect(await codeOf(post({}, { 'Sec-Fetch-Site': 'cross-site' }))).toBe(1018);
    expect(await codeOf(post({}, { Origin: 'https://evil.example' }))).toBe(1016);
    expect(await codeOf(post({}, { 'X-Timestamp': String(h.clock.now - 300_001) }))).toBe(1005);
    const nonce = { 'X-Nonce': 'BBBBBBBBBBBBBBBBBBBBBBBB' };
    const body = { session_id: sessionId, start_time: iso(h.clock.now - DAY), end_time: iso(h.clock.now) };
    expect(await codeOf(post(body, nonce))).toBe(4009);
    expect(await codeOf(post(body, nonce))).toBe(1017);
  });
});
