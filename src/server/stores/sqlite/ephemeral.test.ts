import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/sqlite.js';
import { sampleSession, sampleToken } from '../../testing/store-fixtures.js';
import { createSqliteEphemeralStore } from './ephemeral.js';
import { createWriteQueue } from './write-queue.js';
import { prepareWrites } from './writes.js';

let dir: string;
let db: Db;
let store: ReturnType<typeof createSqliteEphemeralStore>;
const NOW = 1_800_000_000_000;
const token = sampleToken(NOW);
const session = (id: string) => sampleSession(id, NOW);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cardveil-ephemeral-'));
  db = openDatabase(join(dir, 'db.sqlite'));
  store = createSqliteEphemeralStore(db, createWriteQueue(prepareWrites(db)));
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the ephemeral store’s grouped writes', () => {
  it('lets exactly one of many presentations in the same turn consume a token', async () => {
    await store.putClientToken('hash_1', token);
    const results = await Promise.all(Array.from({ length: 20 }, () => store.consumeClientToken('hash_1', NOW, '127.0.0.1')));
    expect(results.filter(Boolean)).toEqual([token]);
  });

  it('accepts a nonce once, even when it arrives twice in the same turn', async () => {
    const results = await Promise.all([
      store.rememberNonce('display', 'n1', NOW),
      store.rememberNonce('display', 'n1', NOW),
      store.rememberNonce('display', 'n2', NOW),
    ]);
    expect(results).toEqual([true, false, true]);
    expect(await store.rememberNonce('display', 'n1', NOW)).toBe(false);
  });

  it('answers a write only once it is committed: another connection already sees the row', async () => {
    const other = new Database(join(dir, 'db.sqlite'), { readonly: true });
    try {
      const written = store.putSession(session('ses_1'));
      expect(other.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
      await written;
      expect(other.prepare('SELECT id FROM sessions').pluck().all()).toEqual(['ses_1']);
    } finally {
      other.close();
    }
  });

  it('fails only the write whose statement failed, and commits the others of its batch', async () => {
    await store.putSession(session('ses_1'));
    const [dup, fresh] = await Promise.allSettled([store.putSession(session('ses_1')), store.putSession(session('ses_2'))]);
    expect(dup.status).toBe('rejected');
    expect(fresh.status).toBe('fulfilled');
    expect(await store.getSession('ses_2', NOW)).toMatchObject({ id: 'ses_2' });
  });

  it('fails every write of a batch that cannot be committed', async () => {
    const pending = [store.putSession(session('ses_1')), store.rememberNonce('display', 'n1', NOW)];
    db.close();
    for (const result of await Promise.allSettled(pending)) expect(result.status).toBe('rejected');
  });
});
