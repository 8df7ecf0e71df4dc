import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../testing/services.js';
import { createSqliteStores } from './sqlite/index.js';
import { createPostgresStores, type PostgresStores } from './postgres/index.js';
import { createPool } from './postgres/pool.js';
import { migrate } from './postgres/migrate.js';
import { POSTGRES_MIGRATIONS } from './postgres/migrations.js';
import { AUDIT_APPEND_ONLY } from '../db/migrations.js';
import { auditReads } from './rows.js';
import { createCard, createMerchant } from '../admin/commands.js';
import type { AuditEntry, Card, CardSecrets, CardTransaction, Merchant, Stores, TransactionKey } from './types.js';

type DurableStores = Pick<Stores, 'merchants' | 'cards' | 'audit' | 'transactions'>;

/** One family's stores, plus the raw access an attacker with the database file or a DB login has. */
interface Harness {
  stores: DurableStores;
  rawSecrets(cardId: string): Promise<Buffer>;
  /** copies one card's sealed secrets onto another card's row */
  copySecrets(fromId: string, toId: string): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

// SQLite runs on a file in a temp dir (not :memory:) so a second connection can read and
// tamper with the raw rows: the at-rest checks run against both families.
async function openSqlite(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'cardveil-durable-'));
  const file = join(dir, 'db.sqlite');
  const stores = createSqliteStores(file, randomBytes(32));
  const raw = new Database(file);
  return {
    stores,
    async rawSecrets(id) {
      return raw.prepare<[string], Buffer>('SELECT secrets_enc FROM cards WHERE id = ?').pluck().get(id)!;
    },
    async copySecrets(from, to) {
      raw.prepare('UPDATE cards SET secrets_enc = (SELECT secrets_enc FROM cards WHERE id = ?) WHERE id = ?').run(from, to);
    },
    async reset() {
      // the audit log's triggers set aside for the emptying, as on PostgreSQL below
      raw.exec(`DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
        DELETE FROM card_transactions; DELETE FROM api_keys; DELETE FROM cards; DELETE FROM merchants; DELETE FROM audit_log;
        ${AUDIT_APPEND_ONLY}`);
    },
    async close() {
      raw.close();
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<Harness> {
  const db = await createTestDatabase();
  const stores = await createPostgresStores(db.url, randomBytes(32));
  const raw = new pg.Client({ connectionString: db.url });
  await raw.connect();
  return {
    stores,
    async rawSecrets(id) {
      return (await raw.query<{ secrets_enc: Buffer }>('SELECT secrets_enc FROM cards WHERE id = $1', [id])).rows[0]!.secrets_enc;
    },
    async copySecrets(from, to) {
      await raw.query('UPDATE cards SET secrets_enc = (SELECT secrets_enc FROM cards WHERE id = $1) WHERE id = $2', [from, to]);
    },
    async reset() {
      // the audit log refuses TRUNCATE (append only); its owner may lift that, as a test reset does
      await raw.query(`ALTER TABLE audit_log DISABLE TRIGGER USER;
        TRUNCATE merchants, api_keys, cards, audit_log, card_transactions, spent_tokens RESTART IDENTITY CASCADE;
        ALTER TABLE audit_log ENABLE TRIGGER USER`);
    },
    async close() {
      await raw.end();
      await stores.close();
      await db.drop();
    },
  };
}

const NOW = 1_800_000_000_000;
const OWNER = { merchantId: 'mch_owner', cardId: 'card_owner', spentBy: '198.51.100.7' };
const merchant = (id: string, over: Partial<Merchant> = {}): Merchant => ({
  id,
  name: 'Acme',
  status: 'active',
  pciDisplay: true,
  modes: ['embed', 'hosted'],
  origins: ['https://shop.example'],
  ...over,
});
const card = (id: string, merchantId: string, over: Partial<Card> = {}): Card => ({
  id,
  merchantId,
  type: 'virtual',
  status: 'active',
  brand: 'visa',
  last4: '4242',
  hasPin: false,
  ...over,
});
const SECRETS: CardSecrets = { pan: '4111111111111111', exp_month: '09', exp_year: '2031', cvv: '737' };
const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: NOW,
  action: 'reveal',
  outcome: 0,
  merchantId: 'mch_1',
  cardId: 'card_1',
  cardLast4: '4242',
  sessionId: 'ses_1',
  field: 'pan',
  origin: 'https://shop.example',
  ip: '203.0.113.9',
  actor: null,
  ...over,
});
const txn = (id: string, time: number, cardId = 'card_1'): CardTransaction => ({
  id,
  cardId,
  amount: 1299,
  currency: 'USD',
  merchantName: 'Coffee Shop',
  status: 'completed',
  time,
});

describe.each([
  { family: 'SQLite', open: openSqlite },
  { family: 'PostgreSQL', open: openPostgres },
])('the $family durable stores', ({ open }) => {
  let h: Harness;
  let s: DurableStores;
  beforeAll(async () => {
    h = await open();
    s = h.stores;
  });
  beforeEach(() => h.reset());
  afterEach(() => vi.useRealTimers());
  afterAll(() => h?.close());

  /** Runs `create` with the clock at `at`: created_at comes from Date.now() inside the store. */
  const at = async (time: number, create: () => Promise<void>) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(time);
    await create();
    vi.useRealTimers();
  };

  describe('merchants', () => {
    it('reads back a merchant as created, and null for an unknown id', async () => {
      await s.merchants.create(merchant('mch_1'));
      expect(await s.merchants.get('mch_1')).toEqual(merchant('mch_1'));
      expect(await s.merchants.get('mch_nope')).toBeNull();
    });

    it('finds the oldest merchant of a name, not the first by id', async () => {
      await at(2_000, () => s.merchants.create(merchant('mch_a', { name: 'Shop' })));
      await at(1_000, () => s.merchants.create(merchant('mch_b', { name: 'Shop' })));
      await s.merchants.create(merchant('mch_c', { name: 'Other' }));
      expect((await s.merchants.findByName('Shop'))?.id).toBe('mch_b');
      expect(await s.merchants.findByName('Nobody')).toBeNull();
    });

    it('updates only the fields given, keeps the rest, and returns the result', async () => {
      await s.merchants.create(merchant('mch_1'));
      const expected = merchant('mch_1', { status: 'frozen', pciDisplay: false, origins: [] });
      const updated = await s.merchants.update('mch_1', { status: 'frozen', pciDisplay: false, origins: [], name: undefined });
      expect(updated).toEqual(expected);
      expect(await s.merchants.get('mch_1')).toEqual(expected);
      expect(await s.merchants.update('mch_1', {})).toEqual(expected);
      expect(await s.merchants.update('mch_1', { name: 'Renamed', modes: ['hosted'] })).toEqual({
        ...expected,
        name: 'Renamed',
        modes: ['hosted'],
      });
    });

    it('answers null to an update of an unknown merchant, and creates nothing', async () => {
      expect(await s.merchants.update('mch_nope', { status: 'frozen' })).toBeNull();
      expect(await s.merchants.get('mch_nope')).toBeNull();
    });

    it('round-trips API keys with their secret decrypted, IP allow-list and expiry', async () => {
      await s.merchants.create(merchant('mch_1'));
      const expiring = {
        apiKey: 'ak_1',
        merchantId: 'mch_1',
        secret: 'sk_live_secret',
        enabled: true,
        expiresAt: NOW,
        ipAllow: ['203.0.113.0/24', '2001:db8::1'],
      };
      const lasting = { ...expiring, apiKey: 'ak_2', secret: 'sk_other', enabled: false, expiresAt: null, ipAllow: [] };
      await s.merchants.createApiKey(expiring);
      await s.merchants.createApiKey(lasting);
      expect(await s.merchants.getApiKey('ak_1')).toEqual(expiring);
      expect(await s.merchants.getApiKey('ak_2')).toEqual(lasting);
      expect(await s.merchants.getApiKey('ak_nope')).toBeNull();
      // what key:create reads to keep a merchant's fence: no secret in it
      expect(await s.merchants.keyFences('mch_1')).toEqual([
        { enabled: true, expiresAt: NOW, ipAllow: ['203.0.113.0/24', '2001:db8::1'] },
        { enabled: false, expiresAt: null, ipAllow: [] },
      ]);
      expect(await s.merchants.keyFences('mch_nope')).toEqual([]);
    });

    it('writes a merchant and its first key together, or neither', async () => {
      const key = { apiKey: 'ak_1', merchantId: 'mch_1', secret: 'sk_1', enabled: true, expiresAt: null, ipAllow: [] };
      await s.merchants.create(merchant('mch_1'), key);
      expect(await s.merchants.getApiKey('ak_1')).toEqual(key);
      // the key's row fails (its id is taken), so the merchant's is not kept either
      await expect(s.merchants.create(merchant('mch_2'), { ...key, merchantId: 'mch_2' })).rejects.toThrow();
      expect(await s.merchants.get('mch_2')).toBeNull();
      expect((await s.merchants.getApiKey('ak_1'))?.merchantId).toBe('mch_1');
    });

    it('updates only the API key fields given, a null expiry included, and answers null for an unknown key', async () => {
      await s.merchants.create(merchant('mch_1'));
      const key = {
        apiKey: 'ak_1',
        merchantId: 'mch_1',
        secret: 'sk_live',
        enabled: true,
        expiresAt: NOW,
        ipAllow: ['10.0.0.0/8'],
      };
      await s.merchants.createApiKey(key);
      const disabled = { ...key, enabled: false };
      expect(await s.merchants.updateApiKey('ak_1', { enabled: false })).toEqual(disabled);
      const lasting = { ...disabled, expiresAt: null, ipAllow: [] };
      expect(await s.merchants.updateApiKey('ak_1', { expiresAt: null, ipAllow: [] })).toEqual(lasting);
      expect(await s.merchants.updateApiKey('ak_1', {})).toEqual(lasting);
      expect(await s.merchants.updateApiKey('ak_1', { enabled: true, expiresAt: NOW + 5 })).toEqual({
        ...lasting,
        enabled: true,
        expiresAt: NOW + 5,
      });
      expect(await s.merchants.getApiKey('ak_1')).toEqual({ ...lasting, enabled: true, expiresAt: NOW + 5 });
      expect(await s.merchants.updateApiKey('ak_nope', { enabled: false })).toBeNull();
      expect(await s.merchants.getApiKey('ak_nope')).toBeNull();
    });
  });

  describe('cards', () => {
    beforeEach(() => s.merchants.create(merchant('mch_1')));

    it('round-trips a card and its secrets, with and without a PIN', async () => {
      const withPin = { ...SECRETS, pin: '1234' };
      await s.cards.create(card('card_1', 'mch_1'), SECRETS);
      await s.cards.create(card('card_2', 'mch_1', { type: 'physical', hasPin: true }), withPin);
      expect(await s.cards.get('card_1')).toEqual(card('card_1', 'mch_1'));
      expect(await s.cards.get('card_2')).toEqual(card('card_2', 'mch_1', { type: 'physical', hasPin: true }));
      expect((await s.cards.getSealed('card_1'))?.card).toEqual(card('card_1', 'mch_1'));
      expect((await s.cards.getSealed('card_1'))?.open()).toEqual(SECRETS);
      expect((await s.cards.getSealed('card_2'))?.open()).toEqual(withPin);
      expect(await s.cards.get('card_nope')).toBeNull();
      expect(await s.cards.getSealed('card_nope')).toBeNull();
    });

    it('lists a merchant’s cards oldest first, and only that merchant’s', async () => {
      await s.merchants.create(merchant('mch_2'));
      await at(3_000, () => s.cards.create(card('card_a', 'mch_1'), SECRETS));
      await at(1_000, () => s.cards.create(card('card_c', 'mch_1'), SECRETS));
      await at(2_000, () => s.cards.create(card('card_b', 'mch_2'), SECRETS));
      await at(2_000, () => s.cards.create(card('card_b2', 'mch_1'), SECRETS));
      expect((await s.cards.listByMerchant('mch_1')).map((c) => c.id)).toEqual(['card_c', 'card_b2', 'card_a']);
      expect(await s.cards.listByMerchant('mch_nope')).toEqual([]);
    });

    it('sets a card’s status, and answers false for an unknown card', async () => {
      await s.cards.create(card('card_1', 'mch_1'), SECRETS);
      expect(await s.cards.setStatus('card_1', 'frozen')).toBe(true);
      expect((await s.cards.get('card_1'))?.status).toBe('frozen');
      expect(await s.cards.setStatus('card_nope', 'cancelled')).toBe(false);
    });

    it('keeps a cancelled card cancelled: no status brings it back', async () => {
      await s.cards.create(card('card_1', 'mch_1'), SECRETS);
      expect(await s.cards.setStatus('card_1', 'cancelled')).toBe(true);
      expect(await s.cards.setStatus('card_1', 'active')).toBe(false);
      expect(await s.cards.setStatus('card_1', 'frozen')).toBe(false);
      expect(await s.cards.setStatus('card_1', 'cancelled')).toBe(true);
      expect((await s.cards.get('card_1'))?.status).toBe('cancelled');
    });

    it('keeps no card number in the clear in the stored row', async () => {
      await s.cards.create(card('card_1', 'mch_1'), SECRETS);
      const blob = await h.rawSecrets('card_1');
      expect(blob.length).toBeGreaterThan(28);
      expect(blob.includes(SECRETS.pan)).toBe(false);
      expect(blob.includes(JSON.stringify(SECRETS))).toBe(false);
    });

    it('refuses to open sealed secrets moved onto another card’s row', async () => {
      await s.cards.create(card('card_1', 'mch_1'), SECRETS);
      await s.cards.create(card('card_2', 'mch_1'), { ...SECRETS, pan: '5555555555554444' });
      await h.copySecrets('card_1', 'card_2');
      const moved = await s.cards.getSealed('card_2');
      expect(moved?.card.id).toBe('card_2');
      expect(() => moved?.open()).toThrow();
      expect((await s.cards.getSealed('card_1'))?.open()).toEqual(SECRETS);
    });
  });

  describe('audit', () => {
    it('lists entries by their time, and those of one instant in the order recorded', async () => {
      for (const [t, action] of [
        [NOW + 300, 'copy'],
        [NOW + 100, 'reveal'],
        [NOW + 100, 'hide'],
        [NOW + 200, 'mint'],
      ] as const)
        await s.audit.record(entry({ at: t, action }));
      expect((await s.audit.list({})).map((e) => e.action)).toEqual(['reveal', 'hide', 'mint', 'copy']);
    });

    it('round-trips every field, nulls included', async () => {
      const bare = entry({
        action: 'mint',
        outcome: 4003,
        cardId: null,
        cardLast4: null,
        sessionId: null,
        field: null,
        origin: null,
      });
      await s.audit.record(bare);
      await s.audit.record(entry({ merchantId: null, ip: null }));
      // an operator's command: named by who ran it, with no request behind it
      const admin = entry({
        action: 'admin:card:status',
        actor: 'cli:alice (sudo as root)',
        sessionId: null,
        origin: null,
        ip: null,
      });
      await s.audit.record(admin);
      expect(await s.audit.list({})).toEqual([bare, entry({ merchantId: null, ip: null }), admin]);
    });

    it('records a caller’s free text without its control characters: PostgreSQL refuses U+0000', async () => {
      await s.audit.record(entry({ origin: 'https://shop.example\u0000\u001b[2J\u007f', ip: '203.0.113.9\u0000' }));
      expect(await s.audit.list({})).toEqual([entry({ origin: 'https://shop.example[2J', ip: '203.0.113.9' })]);
    });

    it('filters by merchant, from `since` on (inclusive), up to `limit`', async () => {
      await s.audit.record(entry({ at: NOW - 1 }));
      await s.audit.record(entry({ at: NOW, action: 'reveal' }));
      await s.audit.record(entry({ at: NOW, merchantId: 'mch_2' }));
      await s.audit.record(entry({ at: NOW + 1, action: 'hide' }));
      await s.audit.record(entry({ at: NOW + 2, action: 'copy' }));
      const mine = await s.audit.list({ merchantId: 'mch_1', since: NOW });
      expect(mine.map((e) => e.action)).toEqual(['reveal', 'hide', 'copy']);
      expect((await s.audit.list({ merchantId: 'mch_1', since: NOW, limit: 2 })).map((e) => e.action)).toEqual([
        'reveal',
        'hide',
      ]);
      expect((await s.audit.list({ since: NOW })).length).toBe(4);
      expect(await s.audit.list({ merchantId: 'mch_nope' })).toEqual([]);
    });

    it('reads in time order up to `until` (exclusive), whatever order the rows came in', async () => {
      // an instance with a slower clock, or a slow request, records an earlier `at` later
      await s.audit.record(entry({ at: NOW + 2, action: 'copy' }));
      await s.audit.record(entry({ at: NOW, action: 'reveal' }));
      await s.audit.record(entry({ at: NOW + 1, action: 'hide' }));
      expect((await s.audit.list({})).map((e) => e.action)).toEqual(['reveal', 'hide', 'copy']);
      expect((await s.audit.list({ until: NOW + 2 })).map((e) => e.action)).toEqual(['reveal', 'hide']);
      expect((await s.audit.list({ since: NOW + 1, until: NOW + 2 })).map((e) => e.action)).toEqual(['hide']);
    });

    it('returns at most 1000 entries when no limit is given', async () => {
      await Promise.all(Array.from({ length: 1001 }, (_, i) => s.audit.record(entry({ at: NOW + i }))));
      expect((await s.audit.list({})).length).toBe(1000);
    });
  });

  describe('transactions', () => {
    beforeEach(async () => {
      await s.merchants.create(merchant('mch_1'));
      await s.cards.create(card('card_1', 'mch_1'), SECRETS);
      await s.cards.create(card('card_2', 'mch_1'), SECRETS);
    });

    const pages = async (q: { cardId: string; from: number; to: number; limit: number }) => {
      const result: string[][] = [];
      let after: TransactionKey | undefined;
      for (let i = 0; i < 50; i++) {
        const page = await s.transactions.list({ ...q, after });
        result.push(page.items.map((t) => t.id));
        if (!page.next) return result;
        after = page.next;
      }
      throw new Error('pagination did not end');
    };

    it('pages newest first through equal timestamps, never repeating or skipping a row', async () => {
      // ids that order differently under a locale than bytewise: ties must break as in SQLite
      const ids = ['txn_a', 'txn_B', 'txn_-', 'txn__', 'txn_0', 'txn_Z', 'txn_z', 'txn_A9', 'txn_a1', 'txn_b', 'txn_C', 'txn_c'];
      const rows = ids.map((id, i) => txn(id, NOW + [0, 0, 0, 5, 5, 9][i % 6]!));
      for (const t of rows) await s.transactions.create(t);
      await s.transactions.create(txn('txn_other', NOW + 5, 'card_2'));
      const expected = [...rows].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1)).map((t) => t.id);

      const byFive = await pages({ cardId: 'card_1', from: 0, to: NOW + 10, limit: 5 });
      expect(byFive.map((p) => p.length)).toEqual([5, 5, 2]);
      expect(byFive.flat()).toEqual(expected);
      // a last page that is exactly full says so, instead of promising an empty one
      expect((await pages({ cardId: 'card_1', from: 0, to: NOW + 10, limit: 4 })).map((p) => p.length)).toEqual([4, 4, 4]);
    });

    it('returns every field, and the key of the last row when more remain', async () => {
      await s.transactions.create(txn('txn_1', NOW));
      await s.transactions.create(txn('txn_2', NOW + 1));
      expect(await s.transactions.list({ cardId: 'card_1', from: 0, to: NOW + 10, limit: 1 })).toEqual({
        items: [txn('txn_2', NOW + 1)],
        next: { time: NOW + 1, id: 'txn_2' },
      });
    });

    it('keeps to the range: `from` inclusive, `to` exclusive', async () => {
      for (const [id, time] of [
        ['txn_1', NOW - 1],
        ['txn_2', NOW],
        ['txn_3', NOW + 500],
        ['txn_4', NOW + 1000],
      ] as const)
        await s.transactions.create(txn(id, time));
      const page = await s.transactions.list({ cardId: 'card_1', from: NOW, to: NOW + 1000, limit: 10 });
      expect(page).toEqual({ items: [txn('txn_3', NOW + 500), txn('txn_2', NOW)], next: null });
      expect(await s.transactions.list({ cardId: 'card_1', from: NOW + 2000, to: NOW + 3000, limit: 10 })).toEqual({
        items: [],
        next: null,
      });
    });
  });
});

describe('the PostgreSQL durable stores only', () => {
  let db: TestDatabase;
  let stores: PostgresStores;
  // every instance of one store holds its data key (the first to open it recorded it)
  const dataKey = randomBytes(32);
  beforeAll(async () => {
    db = await createTestDatabase();
    stores = await createPostgresStores(db.url, dataKey);
  });
  afterAll(async () => {
    await stores?.close();
    await db?.drop();
  });

  it('keeps whose a spent token was and who spent it, for a second presentation', async () => {
    expect(await stores.spentTokens.markSpent('hash_owned', NOW, OWNER)).toBe(true);
    expect(await stores.spentTokens.spentOf('hash_owned')).toEqual(OWNER);
    expect(await stores.spentTokens.spentOf('hash_never')).toBeNull();
  });

  it('marks a token spent once: the second mark answers false', async () => {
    expect(await stores.spentTokens.markSpent('hash_once', NOW, OWNER)).toBe(true);
    expect(await stores.spentTokens.markSpent('hash_once', NOW + 1, OWNER)).toBe(false);
  });

  it('lets exactly one of 20 concurrent marks of one token win', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => stores.spentTokens.markSpent('hash_race', NOW, OWNER)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('purges only the spends before the given time', async () => {
    await stores.spentTokens.markSpent('hash_100', 100, OWNER);
    await stores.spentTokens.markSpent('hash_200', 200, OWNER);
    await stores.spentTokens.markSpent('hash_300', 300, OWNER);
    expect(await stores.spentTokens.purgeBefore(200)).toBe(1);
    expect(await stores.spentTokens.markSpent('hash_200', 400, OWNER)).toBe(false);
    expect(await stores.spentTokens.markSpent('hash_100', 400, OWNER)).toBe(true);
  });

  it('survives PostgreSQL dropping its idle connections, reports it, and answers again', async () => {
    const errors: Error[] = [];
    const own = await createPostgresStores(db.url, dataKey, { onError: (err) => errors.push(err) });
    try {
      expect(await own.ready()).toBe(true);
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await admin.end();
      await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
      // Each killed idle client reports on its own; until the last has, ready() may still pick
      // one of them and answer false. What must hold is that it answers again, unaided.
      await vi.waitFor(async () => expect(await own.ready()).toBe(true), { timeout: 5_000, interval: 50 });
      // every report heard by then, not only the first
      expect(errors.map((e) => e.message).join()).not.toContain(new URL(TEST_DATABASE_URL).password);
    } finally {
      await own.close();
    }
  });

  it('fails to open when PostgreSQL cannot be reached, without echoing the password', async () => {
    const opening = createPostgresStores('postgres://cardveil:hunter2-secret@127.0.0.1:1/cardveil', randomBytes(32));
    const err = await opening.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toContain('hunter2-secret');
    expect(String((err as Error).stack)).not.toContain('hunter2-secret');
  });

  it('reads BIGINT as a number, refuses one it cannot hold exactly, and leaves pg’s global parsers alone', async () => {
    const pool = createPool(db.url);
    try {
      expect((await pool.query('SELECT 1800000000000::bigint AS n')).rows[0].n).toBe(1_800_000_000_000);
      await expect(pool.query('SELECT 9007199254740993::bigint AS n')).rejects.toThrow(RangeError);
      expect(pg.types.getTypeParser(20, 'text')('42')).toBe('42');
      expect((await pool.query('SELECT 2::bigint AS n')).rows[0].n).toBe(2);
    } finally {
      await pool.end();
    }
  });

  it('migrates once when several instances start at the same moment, and again is a no-op', async () => {
    const fresh = await createTestDatabase();
    const pools = Array.from({ length: 3 }, () => createPool(fresh.url));
    try {
      await Promise.all(pools.map((p) => migrate(p)));
      await migrate(pools[0]!);
      const { rows } = await pools[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
      // a build older than the schema refuses to run on it
      await pools[0]!.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)");
      await expect(migrate(pools[0]!)).rejects.toThrow('schema is at version 999');
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await fresh.drop();
    }
  });

  // the whole log's read used to scan and sort audit_log, past its 30 s on a large log
  describe('the audit log’s index on time', () => {
    let fresh: TestDatabase;
    let pool: pg.Pool;
    const byTime = POSTGRES_MIGRATIONS.find((m) => m.name === 'audit log by time')!;
    const index = async () =>
      (
        await pool.query<{ oid: number; valid: boolean }>(
          "SELECT indexrelid::int AS oid, indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass('audit_at')",
        )
      ).rows;
    /** the schema as it was before the index, as an operator upgrading a large log finds it */
    const beforeIndex = async () => {
      await pool.query('DELETE FROM schema_migrations WHERE version = $1', [byTime.version]);
      await pool.query('DROP INDEX audit_at');
    };
    beforeEach(async () => {
      fresh = await createTestDatabase();
      pool = createPool(fresh.url);
      await migrate(pool);
    });
    afterEach(async () => {
      await pool.end();
      await fresh.drop();
    });

    it('serves the whole log’s read in order, with no sort', async () => {
      expect(await index()).toEqual([{ oid: expect.any(Number), valid: true }]);
      const client = await pool.connect();
      try {
        // an empty table is scanned whatever its indexes: the plan is asked with scans off
        await client.query('SET enable_seqscan = off');
        const { rows: plan } = await client.query(`EXPLAIN ${auditReads((n) => `$${n}`).all}`, [0, 1, 10]);
        const text = plan.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        expect(text).toContain('Index Scan using audit_at');
        expect(text).not.toContain('Sort');
      } finally {
        client.release(true);
      }
    });

    it('keeps one an operator built ahead, CONCURRENTLY, while exchanges wrote', async () => {
      await beforeIndex();
      await pool.query('CREATE INDEX CONCURRENTLY audit_at ON audit_log (at, id)');
      const [built] = await index();
      await migrate(pool);
      expect(await index()).toEqual([built]);
    });

    it('builds again one such build left invalid', async () => {
      await beforeIndex();
      // a build that failed half way: a unique index over two entries of one instant
      for (let i = 0; i < 2; i++) await pool.query("INSERT INTO audit_log (at, action, outcome) VALUES (1, 'mint', 0)");
      await expect(pool.query('CREATE UNIQUE INDEX CONCURRENTLY audit_at ON audit_log (at)')).rejects.toThrow();
      expect(await index()).toEqual([{ oid: expect.any(Number), valid: false }]);
      await migrate(pool);
      expect(await index()).toEqual([{ oid: expect.any(Number), valid: true }]);
      const { rows } = await pool.query('SELECT 1 FROM schema_migrations WHERE version = $1', [byTime.version]);
      expect(rows).toHaveLength(1);
    });
  });

  it('migrates a table an open reader holds without stalling its writers meanwhile', async () => {
    const fresh = await createTestDatabase();
    const pool = createPool(fresh.url);
    const reader = new pg.Client({ connectionString: fresh.url });
    const writer = new pg.Client({ connectionString: fresh.url });
    await Promise.all([reader.connect(), writer.connect()]);
    try {
      await migrate(pool);
      // the schema as it was before the audit log gained its actor column (and the key check, after it)
      const actor = POSTGRES_MIGRATIONS.find((m) => m.name === 'who ran an admin command')!;
      await pool.query(`DELETE FROM schema_migrations WHERE version >= ${actor.version}`);
      await pool.query('ALTER TABLE audit_log DROP COLUMN actor');
      await pool.query('DROP TABLE data_key_check');
      // an auditor's long read holds the table; the migration's ALTER must wait for it
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM audit_log');
      const migrating = migrate(pool);
      const altering = () =>
        writer.query(
          "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%ALTER TABLE audit_log ADD COLUMN actor%'",
        );
      while (!(await altering()).rowCount) await new Promise((resolve) => setTimeout(resolve, 20));
      // a request's audit row, sent while the ALTER waits, goes in: it does not queue behind it for good
      const insert = writer.query("INSERT INTO audit_log (at, action, outcome) VALUES (1, 'mint', 0)");
      const stalled = new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the write queued behind the ALTER')), 10_000),
      );
      await Promise.race([insert, stalled]);
      const during = await writer.query('SELECT 1 FROM schema_migrations WHERE version = $1', [actor.version]);
      expect(during.rowCount).toBe(0);
      await reader.query('COMMIT');
      await migrating;
      const { rows } = await pool.query(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'audit_log' AND column_name = 'actor'",
      );
      expect(rows).toHaveLength(1);
    } finally {
      await Promise.all([reader.end(), writer.end()]);
      await pool.end();
      await fresh.drop();
    }
  });

  it('keeps the audit log append only: no update, delete or truncate', async () => {
    await stores.audit.record(entry({ action: 'mint' }));
    const pool = createPool(db.url);
    try {
      for (const change of ['UPDATE audit_log SET outcome = 1', 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
        await expect(pool.query(change)).rejects.toThrow('audit_log is append only');
      }
      expect(await stores.audit.list({})).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });

  it('remembers a merchant nonce once per scope, on any instance, until it expires', async () => {
    const other = await createPostgresStores(db.url, dataKey);
    try {
      expect(await stores.merchantNonces.remember('api:ak_1', 'n1', NOW + 600_000)).toBe(true);
      expect(await other.merchantNonces.remember('api:ak_1', 'n1', NOW + 600_000)).toBe(false);
      expect(await other.merchantNonces.remember('api:ak_2', 'n1', NOW + 600_000)).toBe(true);
      expect(await stores.merchantNonces.purge(NOW + 600_000)).toBe(2);
      expect(await stores.merchantNonces.remember('api:ak_1', 'n1', NOW + 1_200_000)).toBe(true);
    } finally {
      await other.close();
    }
  });
});

/** A store of one family, empty, that can be opened again and again with a given data key. */
interface Place {
  open(key: Buffer): Promise<DurableStores & Pick<Stores, 'close'>>;
  /** how many key checks the store holds (0 or 1), read beside the stores */
  keyChecks(): Promise<number>;
  /** drops the key check, as in a store made before there was one */
  dropKeyCheck(): Promise<void>;
  remove(): Promise<void>;
}

describe.each([
  {
    family: 'SQLite',
    place: async (): Promise<Place> => {
      const dir = mkdtempSync(join(tmpdir(), 'cardveil-key-'));
      const file = join(dir, 'db.sqlite');
      const raw = <T>(work: (db: Database.Database) => T): T => {
        const db = new Database(file);
        try {
          return work(db);
        } finally {
          db.close();
        }
      };
      return {
        open: async (key) => createSqliteStores(file, key),
        keyChecks: async () => raw((db) => db.prepare('SELECT count(*) FROM data_key_check').pluck().get() as number),
        dropKeyCheck: async () => void raw((db) => db.exec('DELETE FROM data_key_check')),
        remove: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    family: 'PostgreSQL',
    place: async (): Promise<Place> => {
      const db = await createTestDatabase();
      const raw = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          return await work(client);
        } finally {
          await client.end();
        }
      };
      return {
        open: (key) => createPostgresStores(db.url, key),
        keyChecks: () => raw(async (c) => (await c.query('SELECT count(*)::int AS n FROM data_key_check')).rows[0].n as number),
        dropKeyCheck: () => raw(async (c) => void (await c.query('DELETE FROM data_key_check'))),
        remove: () => db.drop(),
      };
    },
  },
])('a data key that does not open the $family store', ({ place }) => {
  const REFUSED = 'The data key does not open what this store holds: set the CARDVEIL_DATA_KEY it was made with';
  const REFUSED_EMPTY = 'The data key is not the one this store was made with (it holds no cards or API keys yet)';
  const fill = async (stores: DurableStores & Pick<Stores, 'close'>) => {
    const { merchant_id } = await createMerchant(stores, { name: 'Keyed', origins: ['https://keyed.example'] });
    await createCard(stores, { merchantId: merchant_id, type: 'virtual', pan: '4242424242424242', cvv: '123', expiry: '12/30' });
  };

  it('is refused, the store empty or holding sealed rows: the first key to open it made it', async () => {
    const p = await place();
    const [right, wrong] = [randomBytes(32), randomBytes(32)];
    try {
      // made empty, by a server started with its key, say
      await (await p.open(right)).close();
      // an operator's shell without that key cannot seal the first merchant's secret with another
      await expect(p.open(wrong)).rejects.toThrow(REFUSED_EMPTY);
      const first = await p.open(right);
      await fill(first);
      await first.close();
      await expect(p.open(wrong)).rejects.toThrow(REFUSED);
      // the key it was made with still opens it
      await (await p.open(right)).close();
    } finally {
      await p.remove();
    }
  });

  it('records the key of a store made before its key check once the rows open with it, never a wrong one', async () => {
    const p = await place();
    const [right, wrong] = [randomBytes(32), randomBytes(32)];
    try {
      const first = await p.open(right);
      await fill(first);
      await first.close();
      await p.dropKeyCheck();
      await expect(p.open(wrong)).rejects.toThrow(REFUSED);
      expect(await p.keyChecks()).toBe(0);
      await (await p.open(right)).close();
      expect(await p.keyChecks()).toBe(1);
      await expect(p.open(wrong)).rejects.toThrow(REFUSED);
    } finally {
      await p.remove();
    }
  });
});
