import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eEnv, type E2eState } from './env.js';
import { findSecretsInLog } from './log-scan.js';

export const LIMITED_PORT = 4874;
export const LIMITED_ORIGIN = `http://127.0.0.1:${LIMITED_PORT}`;

/**
 * A second display server on the run's own stores that lets a card be viewed once a minute
 * (`EXCHANGES_PER_CARD_PER_MINUTE=1`), so a spec reaches a real 1009 without lowering the
 * main server's limit for every other spec. Tokens minted through the main server are good
 * here: the stores are the same. `stop` ends it and returns the lines of its log that hold
 * a secret (none, or the run fails).
 */
export async function startLimitedServer(state: E2eState): Promise<{ origin: string; stop(): Promise<string[]> }> {
  const logFile = join(state.dataDir, 'limited-server.log');
  const out = openSync(logFile, 'a');
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
    env: {
      ...e2eEnv(state.dataDir),
      PORT: String(LIMITED_PORT),
      PUBLIC_ORIGIN: LIMITED_ORIGIN,
      EXCHANGES_PER_CARD_PER_MINUTE: '1',
    },
    stdio: ['ignore', out, out],
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  for (let up = false; !up;) {
    if (server.exitCode !== null) throw new Error(`the limited server exited: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    up = await fetch(`${LIMITED_ORIGIN}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin: LIMITED_ORIGIN,
    async stop() {
      server.kill('SIGTERM');
      await exited;
      return findSecretsInLog(readFileSync(logFile, 'utf8'), state);
    },
  };
}
