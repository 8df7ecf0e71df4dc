import { readFileSync, rmSync } from 'node:fs';
import { readState } from './env.js';
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
  if (!process.env.CARDVEIL_KEEP_E2E_DATA) rmSync(state.dataDir, { recursive: true, force: true });
  if (hits.length > 0) throw new Error(`The server log holds secrets:\n${hits.join('\n')}`);
}
