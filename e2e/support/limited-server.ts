import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eEnv, type E2eState } from './env.js';
import { findSecretsInLog, incompleteLog, loggedStart } from './log-scan.js';
import { startServer, stopProcesses } from './processes.js';

export const LIMITED_PORT = 4874;
export const LIMITED_ORIGIN = `http://127.0.0.1:${LIMITED_PORT}`;

const pidFile = (dataDir: string) => join(dataDir, 'limited-server.pid');

/** The limited server's pid when a worker ended without stopping it, for global teardown to stop. */
export function limitedServerLeftOver(dataDir: string): number[] {
  const pid = existsSync(pidFile(dataDir)) ? Number(readFileSync(pidFile(dataDir), 'utf8')) : NaN;
  // never 0 or negative: process.kill would signal a whole process group
  return Number.isInteger(pid) && pid > 0 ? [pid] : [];
}

/**
 * A second display server on the run's own stores that lets a card be viewed once a minute
 * (`EXCHANGES_PER_CARD_PER_MINUTE=1`), so a spec reaches a real 1009 without lowering the
 * main server's limit for every other spec. It trusts X-Forwarded-For from loopback, so that
 * a spec can use up a per-IP budget under an address of its own. Tokens minted through the main server are good
 * here: the stores are the same. `stop` ends it and returns what is wrong with its log, as
 * global teardown judges the main one's: a secret in it, or a log that cannot vouch for it.
 */
export async function startLimitedServer(state: E2eState): Promise<{ origin: string; stop(): Promise<string[]> }> {
  // one a worker that died left running would hold the port: it goes first
  await stopProcesses(limitedServerLeftOver(state.dataDir));
  const logFile = join(state.dataDir, 'limited-server.log');
  const out = openSync(logFile, 'w');
  const server = startServer(
    'src/server/server.ts',
    {
      ...e2eEnv(state.dataDir),
      PORT: String(LIMITED_PORT),
      PUBLIC_ORIGIN: LIMITED_ORIGIN,
      EXCHANGES_PER_CARD_PER_MINUTE: '1',
      // a spec may stand for another client (X-Forwarded-For) to use up a per-IP budget of its own
      TRUST_PROXY: '127.0.0.1',
    },
    out,
  );
  const failedToSpawn = new Promise<Error>((resolve) => server.once('error', resolve));
  const pid = server.pid;
  if (pid === undefined) throw await failedToSpawn;
  writeFileSync(pidFile(state.dataDir), String(pid));
  const stop = async (): Promise<string[]> => {
    const hung = await stopProcesses([pid]);
    rmSync(pidFile(state.dataDir), { force: true });
    const log = readFileSync(logFile, 'utf8');
    return [
      ...(hung.length > 0 ? ['the limited server did not stop on SIGTERM'] : []),
      ...incompleteLog(log),
      ...findSecretsInLog(log, state),
    ];
  };
  const deadline = Date.now() + 20_000;
  // its own line, not whoever answers the port
  while (!loggedStart(readFileSync(logFile, 'utf8'), pid)) {
    if (server.exitCode !== null || server.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the limited server did not start: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { origin: LIMITED_ORIGIN, stop };
}
