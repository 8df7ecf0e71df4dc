import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  accessToken,
  createHarness,
  exchange,
  exchangeRequest,
  frameKeyPair,
  mintToken,
  OTHER_SHOP,
  SHOP,
  type Harness,
} from '../testing/harness.js';
import { buildApp } from '../app.js';
import { FAULT_AUDIT_WAIT_MS, SPENT_ELSEWHERE } from './display-sessions.js';
import { openConnection } from '../db/sqlite.js';
import { createSqliteStores } from '../stores/sqlite/index.js';
import { SpendNotRecorded } from '../stores/types.js';
import { createMerchant, updateMerchant } from '../admin/commands.js';
import type { Envelope } from '../../shared/envelope.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const codeOf = async (p: ReturnType<typeof exchange>) => ((await p).json() as { code: number }).code;

/** What the frame does with node-forge, done here with Node's crypto to check the wire format. */
function open(env: Envelope): unknown {
  const key = privateDecrypt(
    { key: frameKeyPair().privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(env.ek, 'base64'),
  );
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(env.iv, 'base64'));
  d.setAAD(Buffer.from(env.aad));
  d.setAuthTag(Buffer.from(env.tag, 'base64'));
  return JSON.parse(Buffer.concat([d.update(Buffer.from(env.ct, 'base64')), d.final()]).toString('utf8'));
}

describe('POST /api/v1/pci/display/sessions', () => {
  it('exchanges a token for a session with the card data sealed to the frame key', async () => {
    const token = await mintToken(h);
    const body = (await exchange(h, { client_access_token: token })).json();
    expect(body.code).toBe(0);
    const data = body.data;
    expect(data.session_id).toMatch(/^ses_/);
    expect(data.fields).toEqual(['pan', 'expiry', 'cvv', 'pin']);
    expect(data.card).toEqual({ brand: 'visa', last4: '4242', type: 'physical' });
    expect(data.envelopes.card.alg).toBe('RSA-OAEP-256+A256GCM');
    expect(data.envelopes.card.aad).toBe(`${data.session_id}.card`);
    expect(data.envelopes.pin.aad).toBe(`${data.session_id}.pin`);
    expect(open(data.envelopes.card)).toEqual({ pan: '4242424242424242', exp_month: '12', exp_year: '2030', cvv: '123' });
    expect(open(data.envelopes.pin)).toEqual({ pin: '246813' });
    expect(JSON.stringify(body)).not.toContain('4242424242424242');
  });

  it('seals only the granted fields: a cvv token carries no PAN and no PIN envelope', async () => {
    const token = await mintToken(h, { fields: ['cvv'] });
    const data = (await exchange(h, { client_access_token: token })).json().data;
    expect(open(data.envelopes.card)).toEqual({ cvv: '123' });
    expect(data.envelopes.pin).toBeUndefined();
  });

  it('refuses a token presented twice with 1014', async () => {
    const token = await mintToken(h);
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(0);
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(1014);
  });

  it('audits a token presented again under its merchant and card: a stolen token shows in its merchant’s trail', async () => {
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan'] });
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(0);
    // redeemed again, from elsewhere
    const replay = await h.app.inject({ ...exchangeRequest(h, { client_access_token: token }), remoteAddress: '203.0.113.9' });
    expect(replay.json().code).toBe(1014);
    const log = (await h.stores.audit.list({ merchantId: h.merchant.merchant_id })).filter((e) => e.action === 'exchange');
    expect(log.map((e) => [e.outcome, e.cardId, e.ip])).toEqual([
      [0, h.cards.virtual, '127.0.0.1'],
      [1014, h.cards.virtual, '203.0.113.9'],
    ]);
    // a token never minted names no one
    await exchange(h, { client_access_token: 'cat_unknown_0000' });
    const unknown = (await h.stores.audit.list({})).filter((e) => e.outcome === 1014 && e.merchantId === null);
    expect(unknown).toHaveLength(1);
  });

  it('answers 1014 for an unknown token and for an expired one', async () => {
    expect(await codeOf(exchange(h, { client_access_token: 'cat_unknown' }))).toBe(1014);
    const token = await mintToken(h, { ttl_seconds: 30 });
    h.clock.now += 30_000;
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(1014);
  });

  it('lets exactly one of 40 concurrent exchanges of one token succeed', async () => {
    const token = await mintToken(h);
    const results = await Promise.all(Array.from({ length: 40 }, () => codeOf(exchange(h, { client_access_token: token }))));
    expect(results.filter((c) => c === 0)).toHaveLength(1);
    expect(results.filter((c) => c === 1014)).toHaveLength(39);
  });

  describe('Fetch Metadata (1018) comes first', () => {
    it.each([
      ['a cross-site request', { 'Sec-Fetch-Site': 'cross-site' }],
      ['a same-site request', { 'Sec-Fetch-Site': 'same-site' }],
      ['a navigation', { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' }],
      ['a no-cors request', { 'Sec-Fetch-Mode': 'no-cors' }],
      ['a request for a frame', { 'Sec-Fetch-Dest': 'iframe' }],
      ['an unknown value', { 'Sec-Fetch-Site': 'sideways' }],
      ['missing headers', { 'Sec-Fetch-Site': undefined, 'Sec-Fetch-Mode': undefined, 'Sec-Fetch-Dest': undefined }],
      ['one header missing', { 'Sec-Fetch-Dest': undefined }],
    ])('refuses %s', async (_name, headers) => {
      const token = await mintToken(h);
      expect(await codeOf(exchange(h, { client_access_token: token }, { ...headers, Origin: 'https://evil.example' }))).toBe(
        1018,
      );
      // The token was not touched.
      expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(0);
    });

    it('lets headerless requests through only when ALLOW_MISSING_FETCH_METADATA=1', async () => {
      const lenient = await createHarness({ ALLOW_MISSING_FETCH_METADATA: '1' });
      const token = await mintToken(lenient);
      const none = { 'Sec-Fetch-Site': undefined, 'Sec-Fetch-Mode': undefined, 'Sec-Fetch-Dest': undefined };
      expect(await codeOf(exchange(lenient, { client_access_token: token }, none))).toBe(0);
      await lenient.close();
    });
  });

  it('answers 1016 when Origin is not the public origin', async () => {
    const token = await mintToken(h);
    for (const origin of [SHOP, 'http://127.0.0.1:8788', 'null', undefined]) {
      expect(await codeOf(exchange(h, { client_access_token: token }, { Origin: origin }))).toBe(1016);
    }
  });

  it('answers 1005 for timestamps outside the ±300 s window and 1017 for a replayed nonce', async () => {
    const token = await mintToken(h);
    const at = (d: number) => ({ 'X-Timestamp': String(h.clock.now + d) });
    expect(await codeOf(exchange(h, { client_access_token: token }, at(300_001)))).toBe(1005);
    expect(await codeOf(exchange(h, { client_access_token: token }, at(-300_001)))).toBe(1005);
    expect(await codeOf(exchange(h, { client_access_token: token }, { 'X-Nonce': 'short' }))).toBe(1017);
    const replay = exchangeRequest(h, { client_access_token: token });
    expect((await h.app.inject(replay)).json().code).toBe(0);
    expect((await h.app.inject(replay)).json().code).toBe(1017);
  });

  it('remembers a nonce for as long as its timestamp can pass: twice the window', async () => {
    // Dated 300 s ahead, the request passes the timestamp check until 600 s from now.
    const ahead = { 'X-Nonce': 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'X-Timestamp': String(h.clock.now + 300_000) };
    expect(await codeOf(exchange(h, { client_access_token: 'cat_x' }, ahead))).toBe(1014);
    h.clock.now += 599_000;
    await h.stores.ephemeral.purgeExpired(h.clock.now);
    expect(await codeOf(exchange(h, { client_access_token: 'cat_x' }, ahead))).toBe(1017);
  });

  describe('body and key (1004) are checked before the token is consumed', () => {
    const weak = () =>
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const e3 = () =>
      generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 })
        .publicKey.export({ type: 'spki', format: 'der' })
        .toString('base64');
    const ec = () =>
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    it.each([
      ['a 1024-bit key', 'public_key', () => ({ public_key: weak() })],
      ['exponent 3', 'public_key', () => ({ public_key: e3() })],
      ['an EC key', 'public_key', () => ({ public_key: ec() })],
      ['garbage', 'public_key', () => ({ public_key: 'bm90IGEga2V5' })],
      ['an unknown mode', 'mode', () => ({ mode: 'popup' })],
      ['an extra key', 'debug', () => ({ debug: true })],
      ['embed without parent_origin', 'parent_origin', () => ({ parent_origin: undefined })],
      // PostgreSQL cannot hold U+0000: refused here, the same on either store family
      ['a NUL in the parent origin', 'parent_origin', () => ({ parent_origin: `${SHOP}\u0000` })],
      // a parent origin is one the whitelist could hold: anything else is a malformed body,
      // not an origin that is not allowed (1015), and never written into the audit log
      ['an empty parent origin', 'parent_origin', () => ({ parent_origin: '' })],
      ['a path after the parent origin', 'parent_origin', () => ({ parent_origin: `${SHOP}/account` })],
      ['a wildcard parent origin', 'parent_origin', () => ({ parent_origin: 'https://*.shop.example' })],
      ['a right-to-left override in the parent origin', 'parent_origin', () => ({ parent_origin: 'https://\u202eevil.example' })],
      ['a NUL in the public key', 'public_key', () => ({ public_key: `${frameKeyPair().spki}\u0000` })],
      ['a NUL in a key’s name', 'body', () => ({ 'debug\u0000': true })],
    ])('refuses %s', async (_name, field, body) => {
      const token = await mintToken(h);
      const res = await exchange(h, { client_access_token: token, ...body() });
      expect(res.json()).toEqual({ code: 1004, msg: `${field}: Invalid request parameter` });
      expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(0);
    });

    it('refuses a NUL in a hosted exchange’s parent origin too, though hosted mode ignores it', async () => {
      const token = await mintToken(h, { mode: 'hosted' });
      const res = await exchange(h, { client_access_token: token, mode: 'hosted', parent_origin: '\u0000evil' });
      expect(res.json()).toEqual({ code: 1004, msg: 'parent_origin: Invalid request parameter' });
      expect(await codeOf(exchange(h, { client_access_token: token, mode: 'hosted', parent_origin: undefined }))).toBe(0);
    });

    it('refuses a NUL before any token is looked up: nothing is audited', async () => {
      const res = await exchange(
        h,
        { client_access_token: 'cat_unknown', parent_origin: `${SHOP}\u0000` },
        { Language: 'zh_CN' },
      );
      expect(res.json()).toEqual({ code: 1004, msg: 'parent_origin：请求参数无效' });
      expect(await h.stores.audit.list({})).toEqual([]);
    });

    it('accepts a PEM public key', async () => {
      const pem = frameKeyPair().publicKey.export({ type: 'spki', format: 'pem' }) as string;
      expect(await codeOf(exchange(h, { client_access_token: await mintToken(h), public_key: pem }))).toBe(0);
    });

    it('refuses a body over the 16 KiB limit', async () => {
      const token = await mintToken(h);
      const res = await exchange(h, { client_access_token: token, padding: 'x'.repeat(20_000) });
      expect(res.json()).toEqual({ code: 1004, msg: 'body: Invalid request parameter' });
      expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(0);
    });

    it('refuses a body that is not JSON', async () => {
      const req = exchangeRequest(h, {});
      const res = await h.app.inject({ ...req, payload: 'token=abc' });
      expect(res.json().code).toBe(1004);
    });
  });

  it('answers 1013 when PCI display was switched off after minting, and spends the token', async () => {
    const token = await mintToken(h);
    await updateMerchant(h.stores, h.merchant.merchant_id, { pciDisplay: false });
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(1013);
    await updateMerchant(h.stores, h.merchant.merchant_id, { pciDisplay: true });
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(1014);
  });

  it('answers 1022 when the merchant was frozen after minting', async () => {
    const token = await mintToken(h);
    await updateMerchant(h.stores, h.merchant.merchant_id, { status: 'frozen' });
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(1022);
  });

  it('answers 1012 when the mode differs from the token’s', async () => {
    const token = await mintToken(h, { mode: 'hosted' });
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(1012);
  });

  it('answers 1015 when the parent origin differs from the token’s or left the whitelist', async () => {
    await updateMerchant(h.stores, h.merchant.merchant_id, { origins: [SHOP, OTHER_SHOP] });
    const token = await mintToken(h);
    expect(await codeOf(exchange(h, { client_access_token: token, parent_origin: OTHER_SHOP }))).toBe(1015);
    const second = await mintToken(h);
    await updateMerchant(h.stores, h.merchant.merchant_id, { origins: [OTHER_SHOP] });
    expect(await codeOf(exchange(h, { client_access_token: second }))).toBe(1015);
  });

  it('answers 1015 for a token of another merchant presented from this merchant’s page', async () => {
    const other = await createMerchant(h.stores, { name: 'Other', origins: [OTHER_SHOP] });
    const { createCard } = await import('../admin/commands.js');
    const card = await createCard(h.stores, {
      merchantId: other.merchant_id,
      type: 'virtual',
      pan: '4111111111111111',
      cvv: '111',
      expiry: '01/30',
    });
    const token = await mintToken(
      { ...h, merchant: other, cards: { ...h.cards, physical: card.card_id } },
      { parent_origin: OTHER_SHOP, fields: ['pan'] },
    );
    expect(await codeOf(exchange(h, { client_access_token: token, parent_origin: SHOP }))).toBe(1015);
  });

  it('answers 4005 when the card was frozen after minting', async () => {
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan'] });
    const { setCardStatus } = await import('../admin/commands.js');
    await setCardStatus(h.stores, h.cards.virtual, 'frozen');
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(4005);
  });

  it('answers 4017 when the card says it has a PIN but its secrets hold none', async () => {
    // A PIN removed after minting: the card row still claims one, the sealed data has none.
    await h.stores.cards.create(
      {
        id: 'card_pin_gone',
        merchantId: h.merchant.merchant_id,
        type: 'physical',
        status: 'active',
        brand: 'visa',
        last4: '4242',
        hasPin: true,
      },
      { pan: '4242424242424242', exp_month: '12', exp_year: '2030', cvv: '123' },
    );
    const token = await mintToken(h, { card_id: 'card_pin_gone', fields: ['pan', 'pin'] });
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(4017);
  });

  it('exchanges a hosted token without a parent origin', async () => {
    const token = await mintToken(h, { mode: 'hosted' });
    expect(await codeOf(exchange(h, { client_access_token: token, mode: 'hosted', parent_origin: undefined }))).toBe(0);
  });

  it('records no parent origin for a hosted exchange, whatever its body claims', async () => {
    const token = await mintToken(h, { mode: 'hosted' });
    expect(
      await codeOf(exchange(h, { client_access_token: token, mode: 'hosted', parent_origin: 'https://victim.example' })),
    ).toBe(0);
    const [entry] = (await h.stores.audit.list({})).filter((e) => e.action === 'exchange');
    expect(entry).toMatchObject({ outcome: 0, origin: null });
  });

  it('audits success and failure with the code, never the token', async () => {
    const token = await mintToken(h);
    await exchange(h, { client_access_token: token });
    await exchange(h, { client_access_token: token });
    const log = (await h.stores.audit.list({})).filter((e) => e.action === 'exchange');
    expect(log.map((e) => e.outcome)).toEqual([0, 1014]);
    expect(log[0]).toMatchObject({ cardLast4: '4242', origin: SHOP });
    expect(JSON.stringify(log)).not.toContain(token);
  });

  it('audits no store fault for a body Fastify refuses (wrong type, too large): those are 1004', async () => {
    const base = exchangeRequest(h, { client_access_token: 'cat_x' });
    const xml = { ...base, headers: { ...base.headers, 'Content-Type': 'application/xml' }, payload: '<x/>' };
    const huge = exchangeRequest(h, { client_access_token: 'cat_x', public_key: 'A'.repeat(20_000) });
    expect(await codeOf(h.app.inject(xml))).toBe(1004);
    expect(await codeOf(h.app.inject(huge))).toBe(1004);
    expect(await h.stores.audit.list({})).toEqual([]);
  });

  it('audits an exchange that a fault cut short as 1001, naming the token’s card', async () => {
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan'] });
    const getSealed = h.stores.cards.getSealed;
    // the card is read, then its sealed secrets fail to open (a data key that does not fit)
    h.stores.cards.getSealed = async (id) => {
      const sealed = await getSealed(id);
      const open = (): never => {
        throw new Error('Unsupported state or unable to authenticate data');
      };
      return sealed && { card: sealed.card, open };
    };
    const res = (await exchange(h, { client_access_token: token })).json();
    expect(res).toMatchObject({ code: 1001 });
    expect(res.data).toBeUndefined();
    const log = (await h.stores.audit.list({})).filter((e) => e.action === 'exchange');
    expect(log).toEqual([expect.objectContaining({ outcome: 1001, cardId: h.cards.virtual, cardLast4: '4444' })]);
  });

  it('audits as 1001 under its merchant and card a token handed out whose spend was not recorded', async () => {
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan'] });
    const consume = h.stores.ephemeral.consumeClientToken;
    // what the scaled family does when its ledger write fails after Redis handed the token out
    h.stores.ephemeral.consumeClientToken = async (...args) => {
      const spent = (await consume(...args))!;
      throw new SpendNotRecorded({ merchantId: spent.merchantId, cardId: spent.cardId }, { cause: new Error('timeout') });
    };
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(1001);
    const log = (await h.stores.audit.list({})).filter((e) => e.action === 'exchange');
    expect(log).toEqual([
      expect.objectContaining({ outcome: 1001, merchantId: h.merchant.merchant_id, cardId: h.cards.virtual }),
    ]);
  });

  it('audits an exchange whose card store did not answer as 1001, naming the token’s card', async () => {
    const token = await mintToken(h, { card_id: h.cards.virtual, fields: ['pan'] });
    h.stores.cards.getSealed = () => Promise.reject(new Error('store unreachable'));
    expect(await codeOf(exchange(h, { client_access_token: token }))).toBe(1001);
    const log = (await h.stores.audit.list({})).filter((e) => e.action === 'exchange');
    expect(log).toEqual([expect.objectContaining({ outcome: 1001, cardId: h.cards.virtual, cardLast4: null })]);
  });
});

/**
 * A harness on a SQLite file, with a second connection to it: rows change there the way no
 * command changes them (nothing in Cardveil deletes a merchant or a card), as an operator's
 * hand in the database would.
 */
async function onFile() {
  const dir = mkdtempSync(join(tmpdir(), 'cardveil-sessions-'));
  const file = join(dir, 'cardveil.sqlite');
  const harness = await createHarness({}, { stores: createSqliteStores(file, randomBytes(32)) });
  const sql = openConnection(file);
  return {
    h: harness,
    sql,
    async close() {
      sql.close();
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const exchangeOutcomesOf = async (harness: Harness) =>
  (await harness.stores.audit.list({})).filter((e) => e.action === 'exchange').map((e) => e.outcome);

describe('what changed after the token was minted', () => {
  it('answers 1021 when the merchant was deleted, and spends the token', async () => {
    const db = await onFile();
    try {
      const token = await mintToken(db.h);
      const id = db.h.merchant.merchant_id;
      db.sql.transaction(() => {
        db.sql.prepare('DELETE FROM api_keys WHERE merchant_id = ?').run(id);
        db.sql.prepare('DELETE FROM cards WHERE merchant_id = ?').run(id);
        expect(db.sql.prepare('DELETE FROM merchants WHERE id = ?').run(id).changes).toBe(1);
      })();
      const res = (await exchange(db.h, { client_access_token: token })).json();
      expect(res).toEqual({ code: 1021, msg: 'Merchant does not exist' });
      expect(await codeOf(exchange(db.h, { client_access_token: token }))).toBe(1014);
      expect(await exchangeOutcomesOf(db.h)).toEqual([1021, 1014]);
    } finally {
      await db.close();
    }
  });

  it('answers 4004 when the card was deleted', async () => {
    const db = await onFile();
    try {
      const token = await mintToken(db.h, { card_id: db.h.cards.virtual, fields: ['pan'] });
      expect(db.sql.prepare('DELETE FROM cards WHERE id = ?').run(db.h.cards.virtual).changes).toBe(1);
      const res = (await exchange(db.h, { client_access_token: token })).json();
      expect(res).toEqual({ code: 4004, msg: 'Card does not exist' });
      expect(await exchangeOutcomesOf(db.h)).toEqual([4004]);
    } finally {
      await db.close();
    }
  });

  it('answers 4004 when the card now belongs to another merchant, and seals nothing', async () => {
    const db = await onFile();
    try {
      const other = await createMerchant(db.h.stores, { name: 'Other', origins: [OTHER_SHOP] });
      const token = await mintToken(db.h, { card_id: db.h.cards.virtual, fields: ['pan'] });
      db.sql.prepare('UPDATE cards SET merchant_id = ? WHERE id = ?').run(other.merchant_id, db.h.cards.virtual);
      const res = await exchange(db.h, { client_access_token: token });
      expect(res.json()).toEqual({ code: 4004, msg: 'Card does not exist' });
      expect(res.body).not.toContain('5555555555554444');
      expect(await exchangeOutcomesOf(db.h)).toEqual([4004]);
    } finally {
      await db.close();
    }
  });
});

/** The harness's stores and clock behind an app that logs at `info`, into `lines`. */
async function withLog(h: Harness): Promise<{ logged: Harness; lines: string[] }> {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildApp({ config: { ...h.config, LOG_LEVEL: 'info' }, stores: h.stores, now: () => h.clock.now, logStream });
  return { logged: { ...h, app }, lines };
}

describe('a spent token presented again from another address', () => {
  const THIEF = '203.0.113.9';
  const FRAME = '127.0.0.1'; // inject's default address
  const from = (logged: Harness, token: string, remoteAddress: string) =>
    codeOf(logged.app.inject({ ...exchangeRequest(logged, { client_access_token: token }), remoteAddress }));

  it.each([
    ['the thief first: the cardholder’s frame then gets 1014', THIEF, FRAME],
    ['the frame first: the thief is refused', FRAME, THIEF],
  ])('raises an alert naming merchant, card and both addresses, never the token (%s)', async (_, first, second) => {
    const { logged, lines } = await withLog(h);
    try {
      const alerts = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((e) => 'alert' in e);
      const token = await mintToken(logged, { card_id: h.cards.virtual, fields: ['pan'] });
      expect(await from(logged, token, first)).toBe(0);
      expect(await from(logged, token, first)).toBe(1014); // the same address again: a reload, no alert
      expect(alerts()).toEqual([]);
      expect(await from(logged, token, second)).toBe(1014);
      expect(alerts()).toEqual([
        expect.objectContaining({
          level: 40,
          alert: SPENT_ELSEWHERE,
          merchant_id: h.merchant.merchant_id,
          card_id: h.cards.virtual,
          spent_by: first,
          ip: second,
        }),
      ]);
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      await logged.app.close();
    }
  });

  it('raises none for a token spent before spenders were kept (migration 3), and still audits it', async () => {
    const db = await onFile();
    const { logged, lines } = await withLog(db.h);
    try {
      const token = await mintToken(logged, { card_id: db.h.cards.virtual, fields: ['pan'] });
      expect(await from(logged, token, FRAME)).toBe(0);
      expect(db.sql.prepare('UPDATE client_tokens SET used_by = NULL').run().changes).toBe(1);
      expect(await from(logged, token, THIEF)).toBe(1014);
      expect(lines.filter((line) => line.includes(SPENT_ELSEWHERE))).toEqual([]);
      const replayed = (await db.h.stores.audit.list({})).filter((e) => e.outcome === 1014);
      expect(replayed).toEqual([expect.objectContaining({ cardId: db.h.cards.virtual, ip: THIEF })]);
    } finally {
      await logged.app.close();
      await db.close();
    }
  });
});

describe('the audit store failing during an exchange', () => {
  it('answers 1001 with no card data, logs the attempt in the audit row’s place, and logs no secret', async () => {
    const { logged, lines } = await withLog(h);
    const { app } = logged;
    try {
      const access = await accessToken(logged);
      const token = await mintToken(logged);
      const record = h.stores.audit.record;
      h.stores.audit.record = () => Promise.reject(new Error('audit store unreachable'));
      const res = await exchange(logged, { client_access_token: token });
      expect(res.json()).toEqual({ code: 1001, msg: 'System error, please try again later' });
      h.stores.audit.record = record;
      // the card data was sealed, then never sent; the token stays spent
      expect(res.body).not.toContain('envelopes');
      expect(await codeOf(exchange(logged, { client_access_token: token }))).toBe(1014);

      const entries = lines.map((line) => JSON.parse(line) as { msg?: string; audit?: Record<string, unknown> });
      const fallback = entries.filter((e) => e.msg === 'audit write failed');
      expect(fallback).toEqual([
        expect.objectContaining({
          audit: expect.objectContaining({
            action: 'exchange',
            outcome: 1001,
            merchantId: h.merchant.merchant_id,
            cardId: h.cards.physical,
            cardLast4: '4242',
          }),
        }),
      ]);
      const log = lines.join('\n');
      for (const secret of [token, access, h.merchant.api_secret, '4242424242424242', '4242 4242 4242 4242', '246813'])
        expect(log, secret).not.toContain(secret);
      expect(log).not.toMatch(/(?<![0-9])123(?![0-9])/); // the CVV
    } finally {
      await app.close();
    }
  });
});

describe('a store that stops answering during an exchange, the audit’s own included', () => {
  it('answers 1001 after waiting FAULT_AUDIT_WAIT_MS at most for the audit row, whose failure is logged later', async () => {
    const { logged, lines } = await withLog(h);
    try {
      const token = await mintToken(logged);
      // black-holed: the card read fails on its timeout, and the audit write would only fail on its own, later
      h.stores.cards.getSealed = () => Promise.reject(new Error('Query read timeout'));
      let failWrite: (err: Error) => void = () => {};
      let writes = 0;
      h.stores.audit.record = () => {
        writes++;
        return new Promise((_, reject) => (failWrite = reject));
      };
      // the wait's own clock, faked: the answer must come when it runs out, and not before
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      let answered = false;
      const answer = exchange(logged, { client_access_token: token }).then((res) => ((answered = true), res));
      while (writes === 0) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(FAULT_AUDIT_WAIT_MS - 1);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await answer).json()).toEqual({ code: 1001, msg: 'System error, please try again later' });
      vi.useRealTimers();
      // the write carried on, and its failure still puts the entry in the log
      failWrite(new Error('Query read timeout'));
      await expect.poll(() => lines.filter((line) => line.includes('audit write failed'))).toHaveLength(1);
    } finally {
      vi.useRealTimers();
      await logged.app.close();
    }
  });
});

describe('msg in Chinese for Language: zh_CN (error-codes.md’s zh_CN column)', () => {
  const zh = { Language: 'zh_CN' };
  it.each([
    [
      1013,
      '未开通 PCI 敏感卡信息展示',
      async (t: string) => {
        await updateMerchant(h.stores, h.merchant.merchant_id, { pciDisplay: false });
        return exchange(h, { client_access_token: t }, zh);
      },
    ],
    [1015, '父页面 Origin 不在白名单中', (t: string) => exchange(h, { client_access_token: t, parent_origin: OTHER_SHOP }, zh)],
    [1016, '请求 Origin 与托管配置不匹配', (t: string) => exchange(h, { client_access_token: t }, { ...zh, Origin: SHOP })],
    [
      1017,
      '请求重放或 nonce 已被使用',
      async (t: string) => {
        const replay = exchangeRequest(h, { client_access_token: t }, zh);
        expect((await h.app.inject(replay)).json().code).toBe(0);
        return h.app.inject(replay);
      },
    ],
    [
      1018,
      'Sec-Fetch 校验失败',
      (t: string) => exchange(h, { client_access_token: t }, { ...zh, 'Sec-Fetch-Site': 'cross-site' }),
    ],
  ])('%i: %s', async (code, msg, provoke) => {
    const res = await provoke(await mintToken(h));
    expect(res.json()).toEqual({ code, msg });
  });
});
