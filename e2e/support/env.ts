import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/** Ports and origins of the e2e world: the display server and merchant pages on other origins. */
export const DISPLAY_PORT = 4870;
export const MERCHANT_PORT = 4871;
export const STRANGER_PORT = 4872;
export const DEMO_PORT = 4873;
export const DISPLAY_ORIGIN = `http://127.0.0.1:${DISPLAY_PORT}`;
/** whitelisted for the e2e merchant */
export const MERCHANT_ORIGIN = `http://127.0.0.1:${MERCHANT_PORT}`;
/** the same merchant server, on an origin nobody whitelisted */
export const STRANGER_ORIGIN = `http://127.0.0.1:${STRANGER_PORT}`;
/** same port, other host: a second whitelisted origin, cross-site to the display server */
export const LOCALHOST_ORIGIN = `http://localhost:${MERCHANT_PORT}`;
export const DEMO_ORIGIN = `http://127.0.0.1:${DEMO_PORT}`;

export const STATE_FILE = join(tmpdir(), 'cardveil-e2e-state.json');

/** What global setup created through the admin CLI, for the specs to use. */
export interface E2eState {
  dataDir: string;
  serverLog: string;
  pids: number[];
  merchant: { merchant_id: string; api_key: string; api_secret: string };
  cards: { physical: string; virtual: string };
  /** the values the specs look for and the log scan must never find */
  secrets: { pans: string[]; cvvs: string[]; pins: string[] };
}

export function readState(): E2eState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2eState;
}

/**
 * `CARDVEIL_E2E_STORES=scaled` runs the same suite against Redis and PostgreSQL: global
 * setup writes the store settings here, beside the run's data, for every process to share.
 */
export const scaledStoresFile = (dataDir: string) => join(dataDir, 'scaled-stores.json');

/** The CLI and servers of one e2e run share this environment. */
export function e2eEnv(dataDir: string): NodeJS.ProcessEnv {
  const scaled = existsSync(scaledStoresFile(dataDir))
    ? (JSON.parse(readFileSync(scaledStoresFile(dataDir), 'utf8')) as Record<string, string>)
    : {};
  // A developer's shell may name real stores: only a scaled run's own settings count.
  const { REDIS_URL: _redis, DATABASE_URL: _database, ...inherited } = process.env;
  return {
    ...inherited,
    PORT: String(DISPLAY_PORT),
    HOST: '127.0.0.1',
    PUBLIC_ORIGIN: DISPLAY_ORIGIN,
    CARDVEIL_DB: join(dataDir, 'cardveil.sqlite'),
    DEMO_PORT: String(DEMO_PORT),
    // the seed whitelists where the demo listens: DEMO_ORIGIN's host, whatever the shell says
    DEMO_HOST: '127.0.0.1',
    DEMO_CREDENTIALS: join(dataDir, 'demo-credentials.json'),
    LOG_LEVEL: 'info',
    // a shell's ALLOW_MISSING_FETCH_METADATA=1 would switch off a check the suite tries (attacks.spec.ts)
    ALLOW_MISSING_FETCH_METADATA: '0',
    // The suite views the same two cards far more often than a person would.
    EXCHANGES_PER_CARD_PER_MINUTE: '1000',
    ...scaled,
  };
}
