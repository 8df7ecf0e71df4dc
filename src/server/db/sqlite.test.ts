import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { openConnection, openDatabase } from './sqlite.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cardveil-migrate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the file in a process of its own, as the admin CLI does while the server starts. */
function openInProcess(file: string, ready: () => void): Promise<{ status: number | null; err: string }> {
  const script = `
    import { openDatabase } from './src/server/db/sqlite.ts';
    process.stdout.write('ready\\n');
    openDatabase(${JSON.stringify(file)}).close();
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    let err = '';
    child.stdout.once('data', ready);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (status) => resolve({ status, err }));
  });
}

describe('SQLite migrations', () => {
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
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const second = openInProcess(file, started);
    await ready;
    await sleep(1_000);
    other.exec('COMMIT');
    other.close();

    expect(await second).toEqual({ status: 0, err: '' });
    const db = openDatabase(file);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(
      MIGRATIONS.map((m) => m.version),
    );
    db.close();
  });
});
