import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../db/sqlite.js';
import { sampleSession, sampleToken } from '../../testing/store-fixtures.js';
import type { AuditEntry } from '../types.js';
import { auditValues } from '../rows.js';
import { startCommitThread } from './commit-thread.js';
import { createSqliteStores } from './index.js';
import { chooseCommitter, createWriteQueue, type Committer } from './write-queue.js';
import { prepareWrites, type Outcome, type Write } from './writes.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cardveil-queue-'));
  file = join(dir, 'db.sqlite');
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = 1_800_000_000_000;
const nonce = (value: string): Write => ({ name: 'rememberNonce', params: ['display', value, NOW] });
const count = (table: string) => {
  const reader = new Database(file, { readonly: true });
  try {
    return reader.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  } finally {
    reader.close();
  }
};
const entry: AuditEntry = {
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
};

/** A committer that records its batches and answers each write with its position, when told to. */
function heldCommitter() {
  const batches: Write[][] = [];
  const answers: (() => void)[] = [];
  const commit: Committer = (batch) =>
    new Promise<Outcome[]>((resolve) => {
      batches.push([...batch]);
      answers.push(() => resolve(batch.map((_, i) => ({ ok: true, value: i }))));
    });
  return { commit, batches, release: () => answers.shift()!() };
}

describe('createWriteQueue', () => {
  it('sends the writes of one turn as one batch, at the end of the turn, and answers each its own result', async () => {
    const held = heldCommitter();
    const queue = createWriteQueue(held.commit);
    const writes = ['a', 'b', 'c'].map((v) => queue.write(nonce(v)));
    expect(held.batches).toEqual([]);
    await new Promise(setImmediate);
    expect(held.batches).toEqual([[nonce('a'), nonce('b'), nonce('c')]]);
    held.release();
    expect(await Promise.all(writes)).toEqual([0, 1, 2]);
  });

  it('holds what arrives during a commit, then sends it together as the next batch', async () => {
    const held = heldCommitter();
    const queue = createWriteQueue(held.commit);
    const first = queue.write(nonce('a'));
    await new Promise(setImmediate);
    const later = [queue.write(nonce('b')), queue.write(nonce('c'))];
    await new Promise(setImmediate);
    await new Promise(setImmediate);
    expect(held.batches).toHaveLength(1); // one batch at a time
    held.release();
    await first;
    await vi.waitFor(() => expect(held.batches).toEqual([[nonce('a')], [nonce('b'), nonce('c')]]));
    held.release();
    expect(await Promise.all(later)).toEqual([0, 1]);
  });

  it('fails only the write that failed, and every write of a batch whose commit failed', async () => {
    const outcomes: Outcome[] = [
      { ok: true, value: 1 },
      { ok: false, message: 'UNIQUE constraint failed', code: 'SQLITE_CONSTRAINT_PRIMARYKEY' },
    ];
    const partial = createWriteQueue(() => outcomes);
    const [ok, bad] = [partial.write(nonce('a')), partial.write(nonce('b'))];
    await expect(ok).resolves.toBe(1);
    await expect(bad).rejects.toMatchObject({ message: 'UNIQUE constraint failed', code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });

    const broken = createWriteQueue(() => Promise.reject(new Error('thread gone')));
    const writes = [broken.write(nonce('a')), broken.write(nonce('b'))];
    for (const write of writes) await expect(write).rejects.toThrow('thread gone');
  });

  it('drains: resolves once every queued write is committed', async () => {
    const held = heldCommitter();
    const queue = createWriteQueue(held.commit);
    const write = queue.write(nonce('a'));
    let drained = false;
    const draining = queue.drain().then(() => (drained = true));
    await new Promise(setImmediate);
    expect(drained).toBe(false);
    held.release();
    await draining;
    await expect(write).resolves.toBe(0);
  });
});

describe('prepareWrites', () => {
  let db: Db;
  beforeEach(() => (db = openDatabase(file)));
  afterEach(() => db.close());

  it('commits a batch in one transaction, a failed statement alone left out', () => {
    const commit = prepareWrites(db);
    const s = sampleSession('s1', NOW);
    const putSession: Write = {
      name: 'putSession',
      params: [s.id, s.merchantId, s.cardId, JSON.stringify(s.fields), s.mode, s.parentOrigin, s.expiresAt],
    };
    const outcomes = commit([nonce('a'), putSession, putSession, nonce('a')]);
    expect(outcomes.map((o) => o.ok && o.value)).toEqual([1, 1, false, 0]);
    expect(outcomes[2]).toMatchObject({ ok: false, code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect([count('nonces'), count('sessions')]).toEqual([1, 1]);
  });

  it('fails the whole batch, and writes none of it, when SQLite rolls the transaction back mid-batch (a full disk)', () => {
    const commit = prepareWrites(db);
    const audit = (n: number): Write => ({
      name: 'recordAudit',
      params: auditValues({ ...entry, origin: 'x'.repeat(2_000), sessionId: `s${n}` }),
    });
    // room for a few rows more: the batch fills it part-way. SQLite may undo the one statement
    // or the whole transaction on SQLITE_FULL; with a page cap (max_page_count) it does the
    // latter, as a full disk can: what the fix is for
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 2}`);
    const outcomes = commit([nonce('before'), ...Array.from({ length: 8 }, (_, n) => audit(n)), nonce('after')]);
    expect(outcomes.every((o) => !o.ok)).toBe(true);
    expect(outcomes[0]).toMatchObject({ ok: false, code: 'SQLITE_FULL' });
    expect([count('nonces'), count('audit_log')]).toEqual([0, 0]);
  });

  it('answers a RETURNING write with its row, once', () => {
    const commit = prepareWrites(db);
    const t = sampleToken(NOW);
    const put: Write = {
      name: 'putClientToken',
      params: ['h1', t.merchantId, t.cardId, JSON.stringify(t.fields), t.mode, t.parentOrigin, t.expiresAt],
    };
    const consume: Write = { name: 'consumeClientToken', params: [NOW, '127.0.0.1', 'h1'] };
    const [, first, second] = commit([put, consume, consume]);
    expect(first).toMatchObject({ ok: true, value: { merchant_id: t.merchantId, card_id: t.cardId } });
    expect(second).toEqual({ ok: true, value: undefined });
  });
});

describe('chooseCommitter', () => {
  const batch = [nonce('a')];
  const outcome: Outcome[] = [{ ok: true, value: 1 }];

  it('sends a batch to the commit thread, or to the serving thread while nothing else waits on it', async () => {
    const local = vi.fn(() => outcome);
    const thread = vi.fn(async () => outcome);
    let alone = false;
    const commit = chooseCommitter(local, thread, () => alone);
    await commit(batch);
    alone = true;
    await commit(batch);
    expect([thread.mock.calls.length, local.mock.calls.length]).toEqual([1, 1]);
  });

  it('commits here when there is no thread, and always on the thread when nothing says otherwise', async () => {
    const local = vi.fn(() => outcome);
    const thread = vi.fn(async () => outcome);
    await chooseCommitter(local, null, () => false)(batch);
    await chooseCommitter(local, thread)(batch);
    expect([local.mock.calls.length, thread.mock.calls.length]).toEqual([1, 1]);
  });
});

/** Flips at every batch: the two connections take turns, as they do when load comes and goes. */
const takingTurns = () => {
  let inline = false;
  return () => (inline = !inline);
};

describe('the SQLite store family', () => {
  for (const [name, options] of [
    ['committing on the serving thread', () => ({ commitThread: false })],
    ['committing on the commit thread', () => ({ commitThread: true })],
    ['committing on either, batch by batch', () => ({ commitThread: true, commitInline: takingTurns() })],
  ] as const) {
    describe(name, () => {
      it('has a write on disk, seen by another connection, before it settles', async () => {
        const stores = createSqliteStores(file, randomBytes(32), options());
        try {
          const recorded = Promise.all([stores.audit.record(entry), stores.ephemeral.rememberNonce('display', 'n1', 2)]);
          expect(count('audit_log')).toBe(0);
          await recorded;
          expect([count('audit_log'), count('nonces')]).toEqual([1, 1]);
        } finally {
          await stores.close();
        }
      });

      it('lets exactly one of 50 concurrent presentations consume a token', async () => {
        const stores = createSqliteStores(file, randomBytes(32), options());
        try {
          await stores.ephemeral.putClientToken('h1', sampleToken(NOW));
          const results = await Promise.all(
            Array.from({ length: 50 }, () => stores.ephemeral.consumeClientToken('h1', NOW, '127.0.0.1')),
          );
          expect(results.filter(Boolean)).toHaveLength(1);
        } finally {
          await stores.close();
        }
      });

      it('commits what is queued before it closes', async () => {
        const stores = createSqliteStores(file, randomBytes(32), options());
        const written = stores.ephemeral.rememberNonce('display', 'n1', 2);
        await stores.close();
        await expect(written).resolves.toBe(true);
        expect(count('nonces')).toBe(1);
      });
    });
  }

  it('fails the writes a dead commit thread held, then starts a new thread for the next', async () => {
    openDatabase(file).close();
    const thread = startCommitThread(file);
    // The batch never reaches the thread, which then dies.
    const post = vi.spyOn(Worker.prototype, 'postMessage').mockImplementationOnce(() => undefined);
    try {
      const lost = thread.commit([nonce('a')]);
      await (post.mock.contexts[0] as Worker).terminate();
      await expect(lost).rejects.toThrow(/commit thread exited/);
      expect(thread.alive()).toBe(false);
      post.mockRestore();
      expect(await thread.commit([nonce('b')])).toEqual([{ ok: true, value: 1 }]);
      expect(thread.alive()).toBe(true);
      expect(count('nonces')).toBe(1);
    } finally {
      await thread.close();
    }
  });
});
