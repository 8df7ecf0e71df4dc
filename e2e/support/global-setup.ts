import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin } from './admin.js';
import { startServer, stopProcesses } from './processes.js';
import { LIMITED_PORT } from './limited-server.js';
import {
  accepts,
  createTestDatabase,
  ensureTestServices,
  scaledStoreEnv,
  type TestDatabase,
} from '../../src/server/testing/services.js';
import { PAGED_TRANSACTIONS, seedTransactions } from './seed-transactions.js';
import {
  DEMO_ORIGIN,
  DEMO_PORT,
  DISPLAY_ORIGIN,
  DISPLAY_PORT,
  LOCALHOST_ORIGIN,
  MERCHANT_ORIGIN,
  MERCHANT_PORT,
  STATE_FILE,
  STRANGER_PORT,
  e2eEnv,
  scaledStoresFile,
  type E2eState,
} from './env.js';

const PANS = {
  physical: '4000056655665556',
  virtual: '5555555555554444',
  merchantPhysical: '4111111111111111',
  merchantVirtual: '378282246310005',
};

/**
 * Refuses to start over servers of an earlier run that never stopped: their /healthz would
 * answer for ours, which could not listen, and the specs would run against a deleted run.
 */
async function assertPortsFree(ports: number[]) {
  for (const port of ports) {
    if (await accepts(port)) {
      throw new Error(`port ${port} is taken, by a server of an earlier run? (ss -ltnp 'sport = :${port}')`);
    }
  }
}

async function waitFor(url: string) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** What a run made, for setup to undo when it fails half-way. */
interface Made {
  dataDir: string;
  database?: TestDatabase;
  stopServices?: () => void;
  /** the servers it started */
  pids: number[];
}

/**
 * A fresh PostgreSQL database and Redis key prefix for this run; teardown drops the
 * database. Notes how to stop the servers if this run had to start them.
 */
async function useScaledStores(made: Made) {
  made.stopServices = await ensureTestServices();
  made.database = await createTestDatabase();
  const settings = {
    ...scaledStoreEnv(made.database),
    CARDVEIL_DATA_KEY: randomBytes(32).toString('hex'),
  };
  writeFileSync(scaledStoresFile(made.dataDir), JSON.stringify(settings), { mode: 0o600 });
}

/**
 * Its returned function, if any, runs after global teardown (Playwright's contract). A setup
 * that fails stops what it started and leaves no state file, so teardown has nothing to do.
 */
export default async function globalSetup() {
  // An earlier run's file names its processes: their ids may belong to others by now.
  rmSync(STATE_FILE, { force: true });
  await assertPortsFree([DISPLAY_PORT, MERCHANT_PORT, STRANGER_PORT, DEMO_PORT, LIMITED_PORT]);
  const made: Made = { dataDir: mkdtempSync(join(tmpdir(), 'cardveil-e2e-')), pids: [] };
  try {
    if (process.env.CARDVEIL_E2E_STORES === 'scaled') await useScaledStores(made);
    // it holds the run's merchant secret and test cards: the owner's alone, in a shared /tmp
    writeFileSync(STATE_FILE, JSON.stringify(await setUp(made)), { mode: 0o600 });
    return made.stopServices;
  } catch (err) {
    await stopProcesses(made.pids);
    await made.database?.drop().catch(() => {});
    rmSync(made.dataDir, { recursive: true, force: true });
    made.stopServices?.();
    throw err;
  }
}

async function setUp(made: Made): Promise<E2eState> {
  const { dataDir } = made;
  const env = e2eEnv(dataDir);
  const merchant = admin(env, [
    'merchant:create',
    '--name',
    'E2E Merchant',
    '--origin',
    MERCHANT_ORIGIN,
    '--origin',
    LOCALHOST_ORIGIN,
    '--modes',
    'embed,hosted',
  ]);
  const physical = admin(env, [
    'card:create',
    '--merchant',
    merchant.merchant_id!,
    '--type',
    'physical',
    '--pan',
    PANS.merchantPhysical,
    '--cvv',
    '947',
    '--expiry',
    '08/31',
    '--pin',
    '592718',
  ]);
  const virtual = admin(env, [
    'card:create',
    '--merchant',
    merchant.merchant_id!,
    '--type',
    'virtual',
    '--pan',
    PANS.merchantVirtual,
    '--cvv',
    '6021',
    '--expiry',
    '05/30',
  ]);
  admin(env, ['seed']);
  await seedTransactions(env, physical.card_id!);
  await seedTransactions(env, virtual.card_id!, PAGED_TRANSACTIONS);

  const serverLog = join(dataDir, 'server.log');
  const out = openSync(serverLog, 'a');
  const display = startServer('src/server/server.ts', env, out);
  const merchantPages = startServer('e2e/support/merchant-server.ts', { ...env, E2E_MERCHANT: JSON.stringify(merchant) }, out);
  const demo = startServer('src/demo/server/demo-server.ts', env, out);
  made.pids.push(display.pid!, merchantPages.pid!, demo.pid!);
  await Promise.all([waitFor(`${DISPLAY_ORIGIN}/healthz`), waitFor(`${MERCHANT_ORIGIN}/healthz`), waitFor(DEMO_ORIGIN)]);

  return {
    dataDir,
    serverLog,
    pids: made.pids,
    merchant: merchant as E2eState['merchant'],
    cards: { physical: physical.card_id!, virtual: virtual.card_id! },
    secrets: { pans: Object.values(PANS), cvvs: ['947', '6021', '737', '318'], pins: ['592718', '384951'] },
  };
}
