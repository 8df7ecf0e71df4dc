import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { refuseNewerSchema } from '../stores/types.js';

export type Db = Database.Database;

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = openConnection(file);
  migrate(db);
  return db;
}

/**
 * One more connection to a database `openDatabase` has set up (the commit thread's).
 * These settings are per connection, so every connection makes them.
 */
export function openConnection(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a commit the caller was told about survives a power cut. A spent token's mark
  // and its audit row must not vanish after the card data left (group commit spreads the fsync).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Two processes (server and admin CLI), or the server's two threads, may write at once:
  // wait instead of failing.
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Brings the schema up to date. The server and the admin CLI may start at once on one file:
 * each migration's version is checked inside its IMMEDIATE transaction (under SQLite's write
 * lock), so one another process applied while this one waited for the lock is skipped.
 * The read before is only a shortcut: an applied version stays applied, so an up-to-date
 * file is opened without taking the write lock.
 */
export function migrate(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  refuseNewerSchema(Math.max(0, ...applied), MIGRATIONS.at(-1)!.version);
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of MIGRATIONS.filter((m) => !applied.has(m.version))) {
    db.transaction(() => {
      if (isApplied.get(m.version)) return;
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }).immediate();
  }
}
