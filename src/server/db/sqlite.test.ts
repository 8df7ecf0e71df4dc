import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { openConnection, openDatabase } from './sqlite.js';
import { auditReads } from '../stores/rows.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cardveil-migrate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Opens the file in a process of its own, as the admin CLI does while the server starts.
 * The child says `locking` on stdout as migrate() asks for the write lock (its IMMEDIATE
 * transaction), in the same synchronous step: it has read which versions were applied,
 * and asks for a lock only for a version that read did not find. `locking` resolves then.
 */
function openInProcess(file: string): { locking: Promise<void>; done: Promise<{ status: number | null; err: string }> } {
  const script = `
    import Database from 'better-sqlite3';
    import { openDatabase } from './src/server/db/sqlite.ts';
    const transaction = Database.prototype.transaction;
    Database.prototype.transaction = function (fn) {
      const run = transaction.call(this, fn);
      return Object.assign((...args) => run(...args), {
        deferred: run.deferred,
        exclusive: run.exclusive,
        immediate: (...args) => {
          process.stdout.write('locking\\n');
          return run.immediate(...args);
        },
      });
    };
    openDatabase(${JSON.stringify(file)}).close();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<{ status: number | null; err: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, err })),
  );
  const locking = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('locking\n')) resolve();
    });
    void done.then(({ status, err }) => reject(new Error(`the child ended (${status}) before asking for the lock: ${err}`)));
  });
  return { locking, done };
}

describe('SQLite migrations', () => {
  it('refuses a file whose schema is newer than this build knows', () => {
    const file = join(dir, 'db.sqlite');
    openDatabase(file).close();
    const newer = openConnection(file);
    newer.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'from the future', 0);
    newer.close();
    expect(() => openDatabase(file)).toThrow(
      `The database schema is at version 999; this build knows up to ${MIGRATIONS.at(-1)!.version}`,
    );
  });

  it('keeps the audit log append only: no update, no delete', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO audit_log (at, action, outcome) VALUES (1, 'mint', 0)").run();
    for (const change of ['UPDATE audit_log SET outcome = 1', 'DELETE FROM audit_log']) {
      expect(() => db.exec(change)).toThrow('audit_log is append only');
    }
    expect(db.prepare('SELECT outcome FROM audit_log').pluck().all()).toEqual([0]);
    db.close();
  });

  it('skips a migration another process applied while this one waited for the write lock', async () => {
    const file = join(dir, 'db.sqlite');
    const other = openConnection(file);
    other.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    // The other process is mid-migration: the second one reads no version yet, then queues.
    other.exec('BEGIN IMMEDIATE');
    for (const m of MIGRATIONS) {
      other.exec(m.sql);
      other.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, 0);
    }
    const second = openInProcess(file);
    // The child read no applied version and asks for the lock this connection holds: it
    // can only get it after the COMMIT, and must then find the versions applied.
    await second.locking;
    other.exec('COMMIT');
    other.close();

    expect(await second.done).toEqual({ status: 0, err: '' });
    const db = openDatabase(file);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(
      MIGRATIONS.map((m) => m.version),
    );
    db.close();
  });
});

// the whole log's read used to scan the table and sort what it found
describe('the audit log', () => {
  it('is read whole by time on an index, in order, with no sort', () => {
    const db = openDatabase(join(dir, 'audit.sqlite'));
    try {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${auditReads(() => '?').all}`)
        .all(0, 1, 10)
        .map((r) => (r as { detail: string }).detail);
      expect(plan.join('\n')).toContain('USING INDEX audit_at');
      expect(plan.join('\n')).not.toContain('TEMP B-TREE');
    } finally {
      db.close();
    }
  });
});
