import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/sqlite.js';
import { createSqliteStores } from './index.js';
import { createWriteQueue } from './write-queue.js';

let dir: string;
let file: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cardveil-queue-'));
  file = join(dir, 'db.sqlite');
  db = openDatabase(file);
  db.exec('CREATE TABLE t (v TEXT PRIMARY KEY)');
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (conn: Database.Database, table = 't') => conn.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('createWriteQueue', () => {
  it('runs the writes of one turn together, in one transaction, at the end of the turn', async () => {
    const queue = createWriteQueue(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const seen: boolean[] = [];
    const writes = ['a', 'b', 'c'].map((v) =>
      queue.write(() => {
        seen.push(db.inTransaction);
        return insert.run(v).changes;
      }),
    );
    expect(seen).toEqual([]);
    expect(await Promise.all(writes)).toEqual([1, 1, 1]);
    expect(seen).toEqual([true, true, true]);
  });

  it('settles a write only once it is committed: another connection already sees it', async () => {
    const queue = createWriteQueue(db);
    const other = new Database(file, { readonly: true });
    try {
      const written = queue.write(() => db.prepare("INSERT INTO t (v) VALUES ('a')").run());
      expect(count(other)).toBe(0);
      await written;
      expect(count(other)).toBe(1);
    } finally {
      other.close();
    }
  });

  it('commits what is queued when flushed, before the database closes', async () => {
    const queue = createWriteQueue(db);
    const written = queue.write(() => db.prepare("INSERT INTO t (v) VALUES ('a')").run());
    queue.flush();
    db.close();
    await expect(written).resolves.toMatchObject({ changes: 1 });
    const reopened = new Database(file, { readonly: true });
    expect(count(reopened)).toBe(1);
    reopened.close();
  });
});

describe('the SQLite store family', () => {
  it('has an audit row on disk before record() returns, though it shares a commit', async () => {
    db.close();
    const stores = createSqliteStores(join(dir, 'stores.sqlite'), randomBytes(32));
    const other = new Database(join(dir, 'stores.sqlite'), { readonly: true });
    try {
      const entry = {
        at: 1,
        action: 'exchange',
        outcome: 0,
        merchantId: 'mch_1',
        cardId: null,
        cardLast4: null,
        sessionId: null,
        field: null,
        origin: null,
        ip: '127.0.0.1',
      } as const;
      const recorded = Promise.all([stores.audit.record(entry), stores.ephemeral.rememberNonce('display', 'n1', 2)]);
      expect(count(other, 'audit_log')).toBe(0);
      await recorded;
      expect(count(other, 'audit_log')).toBe(1);
      expect(count(other, 'nonces')).toBe(1);
    } finally {
      other.close();
      await stores.close();
    }
  });
});
