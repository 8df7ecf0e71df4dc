import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { STATE_FILE, e2eEnv, readState } from './env.js';
import { dropTestDatabase } from '../../src/server/testing/services.js';
import { findSecretsInLog, incompleteLog } from './log-scan.js';
import { limitedServerLeftOver } from './limited-server.js';
import { STOP_TIMEOUT_MS, stopProcesses } from './processes.js';

/**
 * Stops the servers and waits until they have exited, then reads the display server's
 * complete log of the run: no PAN, CVV, PIN, token or secret may appear in it (DESIGN §6).
 * A hit fails the run, and so does a log that cannot vouch for the run: missing, empty,
 * without the display server's requests, or ending before its stop.
 */
export default async function globalTeardown() {
  // none when setup failed: it has undone its own work, and its error is the one to read
  if (!existsSync(STATE_FILE)) return;
  const state = readState();
  const hung = await stopProcesses([...state.pids, ...limitedServerLeftOver(state.dataDir)]);
  const log = existsSync(state.serverLog) ? readFileSync(state.serverLog, 'utf8') : null;
  const problems = [
    ...(hung.length > 0 ? [`processes ${hung.join(', ')} did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM`] : []),
    ...(log === null ? [`there is no server log at ${state.serverLog}`] : incompleteLog(log)),
  ];
  const hits = log === null ? [] : findSecretsInLog(log, state);
  const { DATABASE_URL } = e2eEnv(state.dataDir);
  const proof = DATABASE_URL ? await scaledRunProof(state.dataDir, DATABASE_URL) : null;
  if (!process.env.CARDVEIL_KEEP_E2E_DATA) rmSync(state.dataDir, { recursive: true, force: true });
  rmSync(STATE_FILE, { force: true });
  if (hits.length > 0) throw new Error(`The server log holds secrets:\n${hits.join('\n')}`);
  if (problems.length > 0) throw new Error(`The server log cannot vouch for the run:\n${problems.join('\n')}`);
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
