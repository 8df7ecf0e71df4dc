import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_REDIS_URL, testRedisPrefix, type TestDatabase } from '../testing/services.js';
import pg from 'pg';

/**
 * The admin CLI's contract (DESIGN §8), run as a process against each store family:
 * a real SQLite file, and Redis + PostgreSQL as a scaled-out deployment configures them.
 */
const dir = mkdtempSync(join(tmpdir(), 'cardveil-cli-'));
let database: TestDatabase | undefined;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

const families: { name: string; env: () => Promise<Record<string, string>> }[] = [
  { name: 'SQLite', env: async () => ({ CARDVEIL_DB: join(dir, 'db.sqlite'), DEMO_CREDENTIALS: join(dir, 'demo.json') }) },
  {
    name: 'Redis + PostgreSQL',
    env: async () => {
      database = await createTestDatabase();
      return {
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: testRedisPrefix(),
        DATABASE_URL: database.url,
        CARDVEIL_DATA_KEY: randomBytes(32).toString('hex'),
        DEMO_CREDENTIALS: join(dir, 'demo-scaled.json'),
      };
    },
  },
];

describe.each(families)('admin CLI on $name', ({ env: storeEnv }) => {
  let env: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    env = { ...process.env, ...(await storeEnv()) };
  });
  const admin = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/admin/cli.ts', ...args], { env, encoding: 'utf8' });
    return { status: r.status, out: r.stdout.trim() ? JSON.parse(r.stdout) : null, err: r.stderr };
  };

  let merchantId = '';
  let cardId = '';

  it('creates a merchant and prints its id and credentials once', () => {
    const r = admin(
      'merchant:create',
      '--name',
      'Shop',
      '--origin',
      'https://shop.example',
      '--origin',
      'https://m.shop.example',
      '--json',
    );
    expect(r.status).toBe(0);
    expect(Object.keys(r.out).sort()).toEqual(['api_key', 'api_secret', 'merchant_id']);
    merchantId = r.out.merchant_id;
  });

  it('updates a merchant', () => {
    const r = admin('merchant:update', merchantId, '--pci-display', 'off', '--status', 'frozen', '--json');
    expect(r.out).toMatchObject({
      pci_display: false,
      status: 'frozen',
      origins: ['https://shop.example', 'https://m.shop.example'],
    });
  });

  it('rotates a merchant’s API key: a second key, then the old one disabled, dated and fenced, its secret never printed again', () => {
    const created = admin('key:create', '--merchant', merchantId, '--json');
    expect(created.status).toBe(0);
    expect(created.out).toMatchObject({ merchant_id: merchantId, api_key: expect.stringMatching(/^ak_/) });
    const { api_key: key, api_secret: secret } = created.out;
    const updated = admin(
      'key:update',
      key,
      '--status',
      'disabled',
      '--expires',
      '2030-01-01T00:00:00Z',
      '--ip',
      '10.0.0.0/8',
      '--ip',
      '192.0.2.1/32',
      '--json',
    );
    expect(updated.out).toEqual({
      api_key: key,
      merchant_id: merchantId,
      enabled: false,
      expires_at: '2030-01-01T00:00:00.000Z',
      ip_allow: ['10.0.0.0/8', '192.0.2.1/32'],
    });
    const reopened = admin('key:update', key, '--status', 'enabled', '--expires', 'never', '--ip', 'any', '--json');
    expect(reopened.out).toMatchObject({ enabled: true, expires_at: null, ip_allow: [] });
    expect(JSON.stringify([updated, reopened])).not.toContain(secret);
  });

  // a rotation used to give the new key no allow-list at all, and printed nothing to say so
  it('gives a new key the IP allow-list its merchant’s keys share, unless --ip says otherwise', () => {
    const fenced = admin('merchant:create', '--name', 'Fenced', '--origin', 'https://f.example', '--ip', '10.0.0.0/8', '--json');
    const merchant = fenced.out.merchant_id;
    const rotated = admin('key:create', '--merchant', merchant, '--json');
    expect(rotated.status).toBe(0);
    expect(rotated.out).toMatchObject({ merchant_id: merchant, ip_allow: ['10.0.0.0/8'] });
    // the old key retired first: the fence is still the merchant's
    admin('key:update', fenced.out.api_key, '--status', 'disabled', '--json');
    admin('key:update', rotated.out.api_key, '--status', 'disabled', '--json');
    expect(admin('key:create', '--merchant', merchant, '--json').out).toMatchObject({ ip_allow: ['10.0.0.0/8'] });
    const open = admin('key:create', '--merchant', merchant, '--ip', 'any', '--json');
    expect(open.out).toMatchObject({ ip_allow: [] });
    // two usable keys, two lists: which one the new key replaces is not guessed
    const refused = admin('key:create', '--merchant', merchant, '--json');
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.err)).toMatchObject({ code: 1004, reason: expect.stringContaining('--ip') });
    expect(admin('key:create', '--merchant', merchant, '--ip', '192.0.2.0/24', '--json').out).toMatchObject({
      ip_allow: ['192.0.2.0/24'],
    });
  });

  it('refuses a key for no merchant (1021), an unknown key (1008) and a status it does not know (1004)', () => {
    const refusal = (...args: string[]) => {
      const r = admin(...args, '--json');
      expect(r.status).toBe(1);
      return JSON.parse(r.err) as { code: number; msg: string };
    };
    expect(refusal('key:create', '--merchant', 'mch_nobody').code).toBe(1021);
    expect(refusal('key:update', 'ak_nobody', '--status', 'disabled').code).toBe(1008);
    expect(refusal('key:update', 'ak_nobody', '--status', 'frozen')).toEqual({
      code: 1004,
      msg: 'status: Invalid request parameter',
    });
    expect(refusal('key:create', '--merchant', merchantId, '--ip', '10.0.0.0/33').code).toBe(1004);
  });

  it('creates a card and never prints its number', () => {
    const r = admin(
      'card:create',
      '--merchant',
      merchantId,
      '--type',
      'physical',
      '--pan',
      '4111111111111111',
      '--cvv',
      '123',
      '--expiry',
      '12/30',
      '--pin',
      '592718',
      '--json',
    );
    expect(r.status).toBe(0);
    expect(r.out).toMatchObject({ brand: 'visa', last4: '1111' });
    cardId = r.out.card_id;
    expect(JSON.stringify(r.out)).not.toContain('4111111111111111');
  });

  /** card:create for a physical card: `over` replaces options of a valid set */
  const createPhysicalCard = (over: Record<string, string>) =>
    admin(
      'card:create',
      '--merchant',
      merchantId,
      '--type',
      'physical',
      ...Object.entries({ '--pan': '4111111111111111', '--cvv': '123', '--expiry': '12/30', '--pin': '592718', ...over }).flat(),
      '--json',
    );

  it.each([
    ['a PAN failing Luhn', { '--pan': '4111111111111112' }, 1004],
    ['a bad expiry', { '--expiry': '13/30' }, 1004],
    ['a PIN of five digits', { '--pin': '12345' }, 4016],
    ['a PIN with a letter', { '--pin': '12345a' }, 4016],
  ])('refuses %s with the platform code', (_name, over, code) => {
    const r = createPhysicalCard(over);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.err).code).toBe(code);
  });

  it('takes the issuer’s PIN as it is, however weak: Cardveil shows a PIN, it does not choose one', () => {
    const r = createPhysicalCard({ '--pan': '4242424242424242', '--pin': '123456' });
    expect(r.status).toBe(0);
    expect(r.out).toMatchObject({ last4: '4242' });
  });

  it('records a transaction, printing the amount in minor units as the display API answers it', () => {
    const txn = (amount: string, currency: string) =>
      admin(
        'txn:create',
        '--card',
        cardId,
        '--amount',
        amount,
        '--currency',
        currency,
        '--merchant-name',
        'Blue Bottle Coffee',
        '--status',
        'completed',
        '--time',
        '2026-03-01T09:30:00+08:00',
        '--json',
      );
    const usd = txn('12.34', 'USD');
    expect(usd.status).toBe(0);
    expect(usd.out).toEqual({
      transaction_id: expect.stringMatching(/^txn_/),
      card_id: cardId,
      amount: 1234,
      currency: 'USD',
      merchant_name: 'Blue Bottle Coffee',
      status: 'completed',
      time: '2026-03-01T01:30:00.000Z',
    });
    expect(txn('1200', 'jpy').out).toMatchObject({ amount: 1200, currency: 'JPY' });
  });

  it.each([
    ['more decimals than the currency has', ['--amount', '1.005'], 'amount'],
    ['decimals on a currency without minor units', ['--amount', '12.5', '--currency', 'JPY'], 'amount'],
    ['an unknown currency', ['--currency', 'XYZ'], 'currency'],
    ['an unknown status', ['--status', 'settled'], 'status'],
    ['a time without a zone', ['--time', '2026-03-01T09:30:00'], 'time'],
    ['a merchant name holding a card number', ['--merchant-name', 'Shop 4111 1111 1111 1111'], 'merchant_name'],
  ])('refuses a transaction with %s, naming the field', (_name, override, field) => {
    const base: Record<string, string> = {
      '--card': cardId,
      '--amount': '9.99',
      '--currency': 'USD',
      '--merchant-name': 'Shop',
      '--status': 'pending',
      '--time': '2026-03-01T09:30:00Z',
    };
    for (let i = 0; i < override.length; i += 2) base[override[i]!] = override[i + 1]!;
    const r = admin('txn:create', ...Object.entries(base).flat(), '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.err)).toEqual({ code: 1004, msg: `${field}: Invalid request parameter` });
  });

  it('refuses a transaction on an unknown card with 4004', () => {
    const r = admin(
      'txn:create',
      '--card',
      'card_missing',
      '--amount',
      '1.00',
      '--currency',
      'USD',
      '--merchant-name',
      'Shop',
      '--status',
      'pending',
      '--time',
      '2026-03-01T09:30:00Z',
      '--json',
    );
    expect(JSON.parse(r.err).code).toBe(4004);
  });

  it('changes a card’s status', () => {
    expect(admin('card:status', cardId, '--status', 'frozen', '--json').out).toMatchObject({ card_id: cardId, status: 'frozen' });
    expect(JSON.parse(admin('card:status', 'card_missing', '--status', 'active', '--json').err).code).toBe(4004);
  });

  it('keeps a cancelled card cancelled (4005): brought back, it would show its number again', () => {
    const card = admin(
      'card:create',
      ...[
        '--merchant',
        merchantId,
        '--type',
        'virtual',
        '--pan',
        '4242424242424242',
        '--cvv',
        '123',
        '--expiry',
        '12/30',
        '--json',
      ],
    ).out.card_id as string;
    expect(admin('card:status', card, '--status', 'cancelled', '--json').status).toBe(0);
    for (const status of ['active', 'frozen']) {
      const r = admin('card:status', card, '--status', status, '--json');
      expect(r.status).toBe(1);
      expect(JSON.parse(r.err)).toMatchObject({ code: 4005, reason: expect.stringContaining('stays cancelled') });
    }
    // cancelling again changes nothing, and is no error
    expect(admin('card:status', card, '--status', 'cancelled', '--json').out).toMatchObject({ status: 'cancelled' });
  });

  it('audits each admin command under its operator, naming its options but no value (PCI DSS 10.2.1.2)', () => {
    const r = admin('audit', '--merchant', merchantId, '--json');
    expect(r.status).toBe(0);
    // a window reaching the last minutes is said to be unfinished; one that ended long ago is not
    expect(JSON.parse(r.err)).toEqual({
      note: expect.stringMatching(
        /^Entries dated from \S+Z on may still be written: for the whole record, read from there again later$/,
      ),
    });
    type Entry = Record<string, unknown>;
    const entries = r.out as Entry[];
    // no card was shown for this merchant: admin work only, each of it, by whom
    expect(entries.every((e) => String(e.action).startsWith('admin:') && /^cli:\S/.test(String(e.actor)) && e.ip === null)).toBe(
      true,
    );
    const of = (action: string) => entries.filter((e) => e.action === action);
    expect(of('admin:merchant:create')).toMatchObject([
      { outcome: 0, field: expect.stringMatching(/^api_key=ak_\w+,name,origin$/) },
    ]);
    expect(of('admin:merchant:update')).toMatchObject([{ field: 'pci-display,status' }]);
    const [, rotated] = of('admin:key:update').map((e) => e.field);
    expect(rotated).toMatch(/^api_key=ak_\w+,status,expires,ip$/);
    expect(of('admin:card:create').find((e) => e.card_id === cardId)).toMatchObject({
      card_last4: '1111',
      field: 'merchant,type,pan,cvv,expiry,pin',
    });
    // a command that named the card alone is filed under its merchant too
    expect(of('admin:card:status')[0]).toMatchObject({ merchant_id: merchantId, card_id: cardId, card_last4: '1111' });
    for (const value of ['4111111111111111', '592718', '10.0.0.0/8', 'Shop'])
      expect(JSON.stringify(entries)).not.toContain(value);
    // reading the log is audited as well (10.2.1.3): the next read shows this one
    const next = admin('audit', '--merchant', merchantId, '--since', '2020-01-01T00:00:00Z', '--json').out as Entry[];
    expect(next.at(-1)).toMatchObject({ action: 'admin:audit', merchant_id: merchantId, field: 'merchant' });
    expect(admin('audit', '--merchant', merchantId, '--until', '2020-01-01T00:00:00Z', '--json')).toMatchObject({
      status: 0,
      err: '',
    });
    expect(JSON.parse(admin('audit', '--since', 'yesterday', '--json').err)).toMatchObject({ code: 1004 });
  });

  it('refuses the audit log of a merchant it never knew, rather than print an empty log', () => {
    const r = admin('audit', '--merchant', 'mch_typo0000000000000000', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.err)).toMatchObject({ code: 1021 });
  });

  it('refuses an audit window that ends on or before its start, rather than print an empty log', () => {
    for (const until of ['2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z']) {
      const r = admin('audit', '--since', '2026-12-01T00:00:00Z', '--until', until, '--json');
      expect(r.status).toBe(1);
      expect(JSON.parse(r.err)).toMatchObject({ code: 1019 });
    }
  });

  it.each([
    // an unset "$MID" is not every merchant, and what is typed there is written to the log
    ['--merchant', 'empty', ''],
    ['--merchant', 'not a merchant id', '4111111111111111'],
    // as txn:create refuses its time
    ['--since', 'a bare number', '1'],
    ['--since', 'a time without a zone', '2026-03-01T09:30:00'],
    ['--since', 'a date alone', '2026-03-01'],
  ])('refuses an audit %s that is %s', (option, _name, value) => {
    const r = admin('audit', option, value, '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.err)).toEqual({ code: 1004, msg: `${option.slice(2)}: Invalid request parameter` });
  });

  it('refuses a merchant without an origin', () => {
    const r = admin('merchant:create', '--name', 'Shop', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.err)).toEqual({ code: 1004, msg: 'origin: Invalid request parameter' });
  });

  it('refuses a whitelist entry that is not one host (it would become a frame-ancestors wildcard)', () => {
    const r = admin('merchant:create', '--name', 'Shop', '--origin', 'https://*.shop.example', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.err)).toEqual({ code: 1004, msg: 'origin: Invalid request parameter' });
    const update = admin('merchant:update', merchantId, '--origin', 'http://*', '--json');
    expect(update.status).toBe(1);
    expect(JSON.parse(update.err)).toEqual({ code: 1004, msg: 'origin: Invalid request parameter' });
  });

  it.each(['', 'paused'])('refuses --status %j with 1004 naming status, not a store error', (status) => {
    const r = admin('merchant:update', merchantId, '--status', status, '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.err)).toEqual({ code: 1004, msg: 'status: Invalid request parameter' });
  });

  it('stores a mode given twice once', () => {
    const r = admin('merchant:update', merchantId, '--modes', 'embed,embed', '--json');
    expect(r.out).toMatchObject({ modes: ['embed'] });
  });

  it('seeds the demo merchant once, however often it runs, and prints its API secret only on the run that creates it', () => {
    const first = admin('seed', '--json');
    const second = admin('seed', '--json');
    expect(first.out.created).toBe(true);
    expect(first.out.api_secret).toMatch(/^sk_/);
    expect(first.out.cards.map((c: { type: string }) => c.type)).toEqual(['physical', 'virtual']);
    expect(second.out).toMatchObject({ created: false, merchant_id: first.out.merchant_id, api_key: first.out.api_key });
    expect(second.out).not.toHaveProperty('api_secret');
  });
});

describe('admin CLI on Redis + PostgreSQL while Redis is down', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('still creates and freezes a merchant and reads the audit log: it needs PostgreSQL alone', () => {
    const env = {
      ...process.env,
      REDIS_URL: 'redis://127.0.0.1:1', // nothing listens there
      REDIS_KEY_PREFIX: testRedisPrefix(),
      DATABASE_URL: db.url,
      CARDVEIL_DATA_KEY: randomBytes(32).toString('hex'),
    };
    const admin = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/server/admin/cli.ts', ...args, '--json'], { env, encoding: 'utf8' });
    const created = admin('merchant:create', '--name', 'Shop', '--origin', 'https://shop.example');
    expect(created.status).toBe(0);
    const { merchant_id } = JSON.parse(created.stdout) as { merchant_id: string };
    const frozen = admin('merchant:update', merchant_id, '--status', 'frozen');
    expect([frozen.status, JSON.parse(frozen.stdout).status]).toEqual([0, 'frozen']);
    expect(admin('audit', '--merchant', merchant_id).status).toBe(0);
  }, 60_000); // three processes, each migrating and connecting

  it('refuses a database Cardveil never used, rather than migrate it and print an empty log', async () => {
    const other = await createTestDatabase();
    try {
      const env = {
        ...process.env,
        REDIS_URL: 'redis://127.0.0.1:1',
        DATABASE_URL: other.url,
        CARDVEIL_DATA_KEY: randomBytes(32).toString('hex'),
      };
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/admin/cli.ts', 'audit', '--json'], {
        env,
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stderr)).toMatchObject({ code: 1001, reason: expect.stringContaining('no Cardveil schema') });
      expect(r.stderr).not.toContain(new URL(other.url).password);
      const pool = new pg.Pool({ connectionString: other.url });
      const { rows } = await pool.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
      await pool.end();
      expect(rows[0].n).toBe(0); // nothing was created there
    } finally {
      await other.drop();
    }
  }, 30_000);
});

describe('admin CLI when the audit log refuses its entry', () => {
  it('prints what it did, then fails, saying the change was made but not audited', () => {
    const { REDIS_URL: _redis, DATABASE_URL: _database, ...sqliteEnv } = process.env;
    const env = { ...sqliteEnv, CARDVEIL_DB: join(dir, 'unaudited.sqlite') };
    const admin = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/server/admin/cli.ts', ...args, '--json'], { env, encoding: 'utf8' });
    const created = admin('merchant:create', '--name', 'Shop', '--origin', 'https://shop.example');
    const { merchant_id } = JSON.parse(created.stdout) as { merchant_id: string };
    const db = new Database(env.CARDVEIL_DB);
    db.exec(
      "CREATE TRIGGER no_admin_entries BEFORE INSERT ON audit_log WHEN NEW.action LIKE 'admin:%' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    db.close();
    const frozen = admin('merchant:update', merchant_id, '--status', 'frozen');
    expect(frozen.status).toBe(1);
    // the change stands, and its result was printed before the audit write failed
    expect(JSON.parse(frozen.stdout)).toMatchObject({ merchant_id, status: 'frozen' });
    expect(JSON.parse(frozen.stderr)).toMatchObject({ code: 1001, reason: 'Done, but not written to the audit log: refused' });
  }, 30_000);
});

describe('admin CLI arguments, checked before any store is opened', () => {
  // A store that cannot be opened, and a SQLite file that must not be created.
  const blocker = join(dir, 'not-a-directory');
  const dbFile = join(blocker, 'db.sqlite');
  const fresh = join(dir, 'never-created.sqlite');
  // SQLite: the scaled-out variables the test run may have set are left out, not emptied
  const { REDIS_URL: _redis, DATABASE_URL: _database, ...sqliteEnv } = process.env;
  const admin = (env: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/admin/cli.ts', ...args], {
      env: { ...sqliteEnv, ...env },
      encoding: 'utf8',
    });
    return { status: r.status, out: r.stdout, err: r.stderr };
  };
  beforeAll(() => writeFileSync(blocker, ''));

  it.each([
    ['an unknown command', ['merchant:craete', '--name', 'Shop']],
    ['an option the command does not take', ['merchant:update', 'mch_1', '--ip', '10.0.0.0/8']],
    ['an option of another command', ['card:status', 'card_1', '--status', 'frozen', '--name', 'Y']],
    ['an ID given to a command that takes none', ['seed', 'mch_1']],
    // an update with nothing to change would print and audit a change that is not one
    ['merchant:update with nothing to change', ['merchant:update', 'mch_1']],
    ['key:update with nothing to change', ['key:update', 'ak_1']],
    // with no ID, these used to open the store (or wait up to 15 s on one unreachable) and exit 1
    ['merchant:update with no ID', ['merchant:update', '--status', 'frozen']],
    ['key:update with an empty ID', ['key:update', '', '--status', 'disabled']],
    ['card:status with no ID', ['card:status', '--status', 'frozen']],
  ])('refuses %s with the usage and exit 2, creating no store', (_name, args) => {
    const r = admin({ CARDVEIL_DB: fresh }, ...args, '--json');
    expect(r.status).toBe(2);
    expect(r.err).toContain('merchant:create --name N --origin O');
    expect(existsSync(fresh)).toBe(false);
  });

  // stderr ends up in logs: what was typed by mistake may be card data
  it.each([
    [
      'a card number split by spaces',
      [
        'card:create',
        '--merchant',
        'mch_1',
        '--type',
        'virtual',
        '--pan',
        '4000',
        '0566',
        '5566',
        '5556',
        '--cvv',
        '737',
        '--expiry',
        '03/30',
      ],
      'card:create was given 3 unexpected arguments',
    ],
    [
      'a card number after an ID',
      ['card:status', 'card_1', '4000056655665556', '--status', 'frozen'],
      'given 1 unexpected argument',
    ],
    ['a card number written as an option', ['card:create', '--4000056655665556'], 'Unknown option'],
    ['a card number given as a boolean option’s value', ['seed', '--json=4000056655665556'], 'Wrong use of --json'],
    ['a card number in place of the command', ['5566', '0566', 'card:create'], 'Unknown command'],
  ])('never repeats %s, saying only what is wrong', (_name, args, says) => {
    const r = admin({ CARDVEIL_DB: fresh }, ...args);
    expect(r.status).toBe(2);
    expect(r.err).toContain(says);
    expect(r.err).toContain('card:create --merchant ID');
    for (const group of ['4000', '0566', '5566', '5556']) expect(r.err).not.toContain(group);
    expect(existsSync(fresh)).toBe(false);
  });

  it.each([
    [
      'a status given twice',
      ['merchant:update', 'mch_1', '--status', 'frozen', '--status', 'active'],
      '--status given more than once',
    ],
    [
      'modes given twice',
      ['merchant:create', '--name', 'S', '--origin', 'https://a.example', '--modes', 'embed', '--modes', 'hosted'],
      '--modes given more than once',
    ],
    [
      'a card number given twice',
      ['card:create', '--pan', '4000056655665556', '--pan', '4111111111111111'],
      '--pan given more than once',
    ],
  ])('refuses %s rather than keep the last, naming the option only', (_name, args, says) => {
    const r = admin({ CARDVEIL_DB: fresh }, ...args, '--json');
    expect(r.status).toBe(2);
    expect(r.err).toContain(says);
    for (const value of ['4000056655665556', '4111111111111111']) expect(r.err).not.toContain(value);
    expect(existsSync(fresh)).toBe(false);
  });

  // DESIGN §8 takes card data as arguments: npm's debug log of each command (~/.npm/_logs, other
  // users can read it) used to keep them word for word, for a command that failed too
  it('leaves no npm debug log of a command run through npm, card data and all', () => {
    const logs = join(dir, 'npm-logs');
    const r = spawnSync(
      'npm',
      ['run', '-s', 'admin', '--', 'card:create', '--merchant', 'mch_nobody', '--type', 'virtual', '--pan', '4000056655665556'],
      {
        cwd: new URL('../../..', import.meta.url),
        env: { ...sqliteEnv, CARDVEIL_DB: fresh, npm_config_logs_dir: logs },
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1); // no such store: a failure, which npm logs by default
    expect(existsSync(logs) ? readdirSync(logs) : []).toEqual([]);
  });

  it('still names a mistyped option', () => {
    const r = admin({ CARDVEIL_DB: fresh }, 'card:status', 'card_1', '--stauts', 'frozen');
    expect(r.status).toBe(2);
    expect(r.err).toContain('Unknown option: --stauts');
  });

  it('prints a store that cannot be opened as {code, msg} with --json, and as Error 1001 without', () => {
    const create = ['merchant:create', '--name', 'Shop', '--origin', 'https://shop.example'];
    const r = admin({ CARDVEIL_DB: dbFile }, ...create, '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.err)).toMatchObject({
      code: 1001,
      msg: 'System error, please try again later',
      reason: expect.any(String),
    });
    const plain = admin({ CARDVEIL_DB: dbFile }, ...create);
    expect(plain.status).toBe(1);
    expect(plain.err).toMatch(/^Error 1001: System error, please try again later \(Failed: .+\)\n$/);
  });

  it.each([
    ['audit', ['audit']],
    ['card:status', ['card:status', 'card_1', '--status', 'frozen']],
    ['merchant:update', ['merchant:update', 'mch_1', '--status', 'frozen']],
  ])('refuses %s on a SQLite store that is not there (a mistyped CARDVEIL_DB) rather than create an empty one', (_name, args) => {
    const missing = join(dir, 'typo', 'cardveil.sqlite');
    const r = admin({ CARDVEIL_DB: missing }, ...args, '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.err)).toMatchObject({
      code: 1001,
      reason: `no store at ${missing}: check CARDVEIL_DB (merchant:create and seed create one)`,
    });
    // neither the file nor the folder nor a development data key beside it
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });
});
