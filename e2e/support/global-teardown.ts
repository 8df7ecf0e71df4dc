import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { e2eEnv, readState } from './env.js';
import { dropTestDatabase } from '../../src/server/testing/services.js';
import { findSecretsInLog } from './log-scan.js';

/**
 * Stops the servers, then reads the display server's complete log of the run: no PAN,
 * CVV, PIN, token or secret may appear in it (DESIGN §6). A hit fails the run.
 */
export default async function globalTeardown() {
  const state = readState();
  for (const pid of state.pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 300));
  const hits = findSecretsInLog(readFileSync(state.serverLog, 'utf8'), state);
  const { DATABASE_URL } = e2eEnv(state.dataDir);
  const proof = DATABASE_URL ? await scaledRunProof(state.dataDir, DATABASE_URL) : null;
  if (!process.env.CARDVEIL_KEEP_E2E_DATA) rmSync(state.dataDir, { recursive: true, force: true });
  if (hits.length > 0) throw new Error(`The server log holds secrets:\n${hits.join('\n')}`);
  if (proof) throw new Error(proof);
}

/**
 * A scaled-out run must have run on PostgreSQL and Redis, not quietly on SQLite: no SQLite
 * file was made, and the run's cards and exchanges are in its database. Then drops it.
 */
async function scaledRunProof(dataDir: string, url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ cards: string; exchanges: string }>(
      "SELECT (SELECT count(*) FROM cards) AS cards, (SELECT count(*) FROM audit_log WHERE action = 'exchange' AND outcome = 0) AS exchanges",
    );
    if (existsSync(join(dataDir, 'cardveil.sqlite'))) return 'The scaled-out run wrote a SQLite file';
    if (Number(rows[0]!.cards) === 0 || Number(rows[0]!.exchanges) === 0)
      return 'The scaled-out run left no cards or exchanges in PostgreSQL';
    return null;
  } finally {
    await client.end();
    await dropTestDatabase(url);
  }
}
