/**
 * `npm run bench`: Cardveil's performance report for this machine and build (issue 6).
 * Prints a table and writes bench/results.json. Only 127.0.0.1 traffic; every child
 * process is stopped at the end, on error and on Ctrl-C.
 *
 *   npm run bench [-- --build] [--quick] [--skip-load] [--skip-browser]
 *                 [--connections 10] [--saturating-connections 128] [--duration 10] [--iterations 30]
 *                 [--keep] [--profile]
 *                 [--stores scaled]   (Redis + PostgreSQL on loopback; writes bench/results-scaled.json)
 *
 * BENCH_LOG_LEVEL=info keeps the display server's request log (Fastify's responseTime per
 * request) in server.log; with --keep, its temporary directory stays for reading.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg as osLoadavg } from 'node:os';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { ROOT, ensureBuild, killAllSync, makeTempDir, sleep, snapshotDist, startFloorServer, stopAll, tail } from './servers.js';
import type { Pages } from './pages.js';
import { openBenchWorld } from './world.js';
import { frameSizes, sdkSizes } from './sizes.js';
import { accessToken, framePublicKey, mintMany, mintOne } from './tokens.js';
import { loadExchange, loadHealthz, type ExchangeSetup, type LoadFigures } from './throughput.js';
import { purgeCheck, rssMiB, serverPurgeCheck } from './memory.js';
import { withCpu, type CpuShare } from './machine.js';
import { launch, measureMounts, measureReveal, profileMount } from './browser-timing.js';
import { buildRows } from './rows.js';
import { printTable } from './report.js';
import { median } from './stats.js';
import type { CardField } from '../src/shared/fields.js';
import { newSecret } from '../src/server/crypto/tokens.js';
import { createTestDatabase, ensureTestServices, scaledStoreEnv, type TestDatabase } from '../src/server/testing/services.js';

const { values: opt } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    'skip-load': { type: 'boolean', default: false },
    'skip-browser': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    connections: { type: 'string' },
    'saturating-connections': { type: 'string' },
    duration: { type: 'string' },
    iterations: { type: 'string' },
    stores: { type: 'string', default: 'sqlite' },
  },
});
if (opt.stores !== 'sqlite' && opt.stores !== 'scaled') throw new Error('--stores is sqlite or scaled');
const scaled = opt.stores === 'scaled';
const RESULTS_FILE = join(ROOT, scaled ? 'bench/results-scaled.json' : 'bench/results.json');
const quick = opt.quick;
const CONFIG = {
  connections: Number(opt.connections ?? 10),
  /**
   * Enough connections to keep the serving thread about 90% busy (docs/performance.md, "At
   * saturation"): at 10, each exchange mostly waits on its commits and the server sits a third idle.
   */
  saturatingConnections: Number(opt['saturating-connections'] ?? 128),
  durationS: Number(opt.duration ?? (quick ? 3 : 10)),
  /** /healthz then exchange, this many times: one run of each swings by ±30% on this shared machine */
  throughputRounds: quick ? 1 : 3,
  memorySessions: quick ? 2000 : 10_000,
  mountIterations: Number(opt.iterations ?? (quick ? 5 : 30)),
  mountWarmup: 2,
  coldIterations: quick ? 2 : 30,
  revealIterations: Number(opt.iterations ?? (quick ? 5 : 40)),
  fields: ['pan', 'expiry', 'cvv', 'pin'] as CardField[],
};

/** Everything measured lands here, and in bench/results.json as is. */
export const results: Record<string, unknown> & { errors: { phase: string; message: string }[] } = { errors: [] };

/** set on SIGINT/SIGTERM: remaining phases are skipped and results.json is not rewritten */
let interrupted = false;

function log(msg: string) {
  process.stdout.write(`[bench] ${msg}\n`);
}

async function phase<T>(name: string, fn: () => Promise<T> | T): Promise<T | undefined> {
  if (interrupted) return undefined;
  const t0 = Date.now();
  log(`${name}...`);
  try {
    const out = await fn();
    log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return out;
  } catch (err) {
    // Playwright appends the browser's whole log to its errors: keep the first lines
    const message = (err instanceof Error ? err.message : String(err)).split('\n').slice(0, 6).join('\n').slice(0, 1200);
    results.errors.push({ phase: name, message });
    log(`${name} FAILED: ${message}`);
    return undefined;
  }
}

function gitInfo() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    return { head, uncommittedFiles: dirty.length };
  } catch {
    return null;
  }
}

/** 1, 5 and 15 min load averages: this machine may be shared with other test runs. */
function loadavg(): number[] {
  return osLoadavg().map((v) => Math.round(v * 100) / 100);
}

let browser: Browser | undefined;
let pages: Pages | undefined;
let tmp: string | undefined;
let database: TestDatabase | undefined;
let stopServices: (() => void) | undefined;

async function cleanup() {
  await browser?.close().catch(() => {});
  browser = undefined;
  await pages?.close().catch(() => {});
  pages = undefined;
  await stopAll();
  await database?.drop().catch(() => {});
  database = undefined;
  stopServices?.();
  stopServices = undefined;
}

/** --stores scaled: the same server on Redis + PostgreSQL (a fresh database and key prefix). */
async function scaledEnv(): Promise<NodeJS.ProcessEnv> {
  stopServices = await ensureTestServices();
  database = await createTestDatabase();
  return scaledStoreEnv(database);
}

process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    log(`${sig}: stopping children; bench/results.json is left as it was`);
    void cleanup();
    // main() fails fast once its children are gone and exits from its finally; this is the backstop
    setTimeout(() => process.exit(130), 10_000).unref();
  });
}

/** A session's 30 s (servers.ts), the server's 60 s purge interval and a margin: below that, nothing can be overdue yet. */
const SERVER_PURGE_NEEDS_MS = 120_000;

/** The round whose `pick` figure is the median of all rounds. */
function medianRound<R>(rounds: R[], pick: (round: R) => number): R {
  return [...rounds].sort((a, b) => pick(a) - pick(b))[Math.floor(rounds.length / 2)]!;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A load run with the server's CPU share over it (withCpu). */
type Measured = LoadFigures & { cpu: CpuShare };

/** Server CPU time per answered request: the figure that holds when other processes share the cores. */
function serverCpuMs(f: Measured): number {
  return round3(((f.cpu.corePct.server / 100) * f.durationS * 1000 * 1000) / f.total / 1000);
}

/** A trivial route and an exchange loaded in the same round: the exchange's share, by requests and by server CPU. */
function compared(healthz: Measured, exchange: Measured) {
  const serverCpuMsPerRequest = { healthz: serverCpuMs(healthz), exchange: serverCpuMs(exchange) };
  return {
    ratio: round3(exchange.requestsPerSec / healthz.requestsPerSec),
    serverCpuMsPerRequest,
    cpuRatio: round3(serverCpuMsPerRequest.healthz / serverCpuMsPerRequest.exchange),
  };
}

/**
 * The median over rounds of each round's own figures: exchange / `/healthz` by requests, the
 * same by server CPU (the ratio on an otherwise idle core), and CPU per request.
 */
function medianOfRatios(rounds: ReturnType<typeof compared>[]) {
  const of = (pick: (c: ReturnType<typeof compared>) => number) => round3(median(rounds.map(pick)));
  return {
    ratio: of((c) => c.ratio),
    cpuRatio: of((c) => c.cpuRatio),
    serverCpuMsPerRequest: {
      healthz: of((c) => c.serverCpuMsPerRequest.healthz),
      exchange: of((c) => c.serverCpuMsPerRequest.exchange),
    },
  };
}

async function main() {
  const cpu = cpus();
  results.meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    git: gitInfo(),
    loadavgAtStart: loadavg(),
    stores: opt.stores,
    config: CONFIG,
  };

  const build = ensureBuild(opt.build);
  (results.meta as Record<string, unknown>).build = build;
  if (build.staleVsSource) log('warning: src/frame, src/sdk or src/shared is newer than dist/ (run with -- --build)');
  tmp = makeTempDir();
  const dists = await snapshotDist(tmp);

  results.sizes = await phase('sizes', () => ({ sdk: sdkSizes(dists.sdkDist), frame: frameSizes(dists.frameDist) }));

  const profileDir = opt.profile ? join(ROOT, 'bench/tmp/profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const env = scaled ? await scaledEnv() : undefined;
  const bench = await openBenchWorld(tmp, dists, { fields: CONFIG.fields, env, profileDir });
  const serverStartedAt = Date.now();
  if (profileDir) log(`server CPU profile goes to ${profileDir} when the server stops`);
  pages = bench.pages;
  const { world, spec, merchant: creds } = bench;
  const display = world.displayOrigin;
  const merchantOrigin = spec.parent_origin;
  const pid = bench.server.pid!;
  let access = await accessToken(display, creds);
  const publicKey = framePublicKey();
  const setup = (tokens: string[]): ExchangeSetup => ({
    display,
    publicOrigin: display,
    parentOrigin: merchantOrigin,
    publicKey,
    tokens,
  });
  (results.meta as Record<string, unknown>).setup = {
    display,
    merchantOrigin,
    baselineOrigin: bench.pages.baselineOrigin,
    server: `node --import tsx src/server/server.ts (LOG_LEVEL=warn, RATE_LIMITS=off, SESSION_TTL_SECONDS=30, ${
      scaled ? 'Redis + PostgreSQL on loopback' : 'SQLite WAL in a temp dir'
    })`,
    exchangeFields: CONFIG.fields,
    frameKey: 'RSA-2048, one key for every exchange request',
  };

  const memory: Record<string, unknown> = {};
  if (!opt['skip-load']) {
    results.memory = await phase(`server memory over ${CONFIG.memorySessions} sessions`, async () => {
      memory.rssAtStartMiB = rssMiB(pid);
      const warm = await loadExchange(setup(await mintMany(display, access, spec, 1000)), CONFIG.connections, { amount: 1000 });
      const pool = await mintMany(display, access, spec, CONFIG.memorySessions);
      await sleep(500);
      memory.rssBeforeMiB = rssMiB(pid);
      const run = await withCpu(pid, () => loadExchange(setup(pool), CONFIG.connections, { amount: CONFIG.memorySessions }));
      memory.rssAfterMiB = rssMiB(pid);
      await sleep(3000);
      memory.rssAfterIdle3sMiB = rssMiB(pid);
      memory.sessionsCreated = run.codes['0'] ?? 0;
      memory.codes = run.codes;
      memory.warmupCodes = warm.codes;
      memory.cpu = run.cpu;
      memory.requestsPerSec = run.requestsPerSec;
      return memory;
    });

    // The exchange's floor (bench/floor-server.ts), loaded in the same rounds: what no server
    // on this stack could go below. It spends no token, so a thousand are sent round and round.
    const floor = await startFloorServer(world);
    const floorPid = floor.child.pid!;
    const floorSetup: ExchangeSetup = {
      ...setup(Array.from({ length: 1000 }, () => newSecret('cat'))),
      display: floor.origin,
      publicOrigin: floor.origin,
      cycleTokens: true,
    };

    /**
     * Paired rounds at `c` connections, each /healthz then the exchange on fresh tokens, then
     * the floor's two routes. The round with the median exchange req/s gives the figures of
     * one run (and the floor's median round, its own); the ratios are each round's, then
     * their median; every round is kept beside them.
     */
    const pairedRounds = async (c: number) => {
      await loadHealthz(display, c, 2); // warm-up, not reported
      // size the token pool from a short probe, so no measured run runs dry
      access = await accessToken(display, creds);
      const probeT0 = Date.now();
      const probePool = await mintMany(display, access, spec, 4000);
      const mintPerSec = Math.round(4000 / ((Date.now() - probeT0) / 1000));
      const probe = await loadExchange(setup(probePool), c, { durationS: 1 });
      let poolSize = Math.ceil(Math.max(probe.requestsPerSec, 1000) * CONFIG.durationS * 1.6) + 2000;
      // A one-second probe can underestimate a server that has warmed up: a round whose pool
      // ran dry measured nothing, and is run again, /healthz too, with twice the pool.
      const paired = async () => {
        for (;;) {
          const healthz = await withCpu(pid, () => loadHealthz(display, c, CONFIG.durationS));
          access = await accessToken(display, creds);
          const pool = await mintMany(display, access, spec, poolSize);
          await sleep(1000);
          const exchange = await withCpu(pid, () => loadExchange(setup(pool), c, { durationS: CONFIG.durationS }));
          if (!exchange.poolExhausted) return { healthz, exchange };
          if (poolSize > 400_000) throw new Error(`token pool of ${poolSize} ran out`);
          poolSize *= 2;
        }
      };
      const rounds = [];
      for (let i = 0; i < CONFIG.throughputRounds; i++) {
        const { healthz, exchange } = await paired();
        const floorHealthz = await withCpu(floorPid, () => loadHealthz(floor.origin, c, CONFIG.durationS));
        const floorExchange = await withCpu(floorPid, () => loadExchange(floorSetup, c, { durationS: CONFIG.durationS }));
        // a floor that refused its requests would be measuring nothing
        const floorRefused = Object.keys(floorExchange.codes).filter((code) => code !== '0');
        if (floorRefused.length) throw new Error(`the floor server answered codes ${floorRefused.join(', ')}, not 0`);
        rounds.push({ healthz, exchange, floorHealthz, floorExchange });
      }
      const { healthz, exchange } = medianRound(rounds, (r) => r.exchange.requestsPerSec);
      const floorRound = medianRound(rounds, (r) => r.floorExchange.requestsPerSec);
      const own = rounds.map((r) => compared(r.healthz, r.exchange));
      const floors = rounds.map((r) => compared(r.floorHealthz, r.floorExchange));
      return {
        healthz,
        exchange,
        /** every round, in the order run */
        rounds: rounds.map((r, i) => ({
          healthzRequestsPerSec: r.healthz.requestsPerSec,
          exchangeRequestsPerSec: r.exchange.requestsPerSec,
          exchangeP99Ms: r.exchange.latencyMs.p99,
          serverCpuMsPerExchange: own[i]!.serverCpuMsPerRequest.exchange,
          ratio: own[i]!.ratio,
          cpuRatio: own[i]!.cpuRatio,
          othersCorePct: r.exchange.cpu.corePct.others,
          floorHealthzRequestsPerSec: r.floorHealthz.requestsPerSec,
          floorExchangeRequestsPerSec: r.floorExchange.requestsPerSec,
          floorRatio: floors[i]!.ratio,
        })),
        // each round's ratio, then their median: the median round's exchange over whatever
        // /healthz did in that round reports that round's /healthz minute, slow or fast
        ...medianOfRatios(own),
        mintPerSec,
        probeRequestsPerSec: probe.requestsPerSec,
        poolSize,
        floor: { healthz: floorRound.floorHealthz, exchange: floorRound.floorExchange, ...medianOfRatios(floors) },
      };
    };
    results.throughput = await phase(`throughput (autocannon, c=${CONFIG.connections})`, () => pairedRounds(CONFIG.connections));
    results.throughputSaturated = await phase(`throughput at saturation (autocannon, c=${CONFIG.saturatingConnections})`, () =>
      pairedRounds(CONFIG.saturatingConnections),
    );
    floor.child.kill('SIGTERM');
    memory.rssAfterLoadMiB = rssMiB(pid);
  }

  if (!opt['skip-browser']) {
    const bw = {
      display,
      merchantOrigin,
      merchantId: creds.merchant_id,
      fields: CONFIG.fields,
      mint: async () => mintOne(display, access, spec),
    };
    access = await accessToken(display, creds);
    browser = await phase('chromium launch', launch);
    if (browser) {
      const b = browser;
      const mountOpts = { iterations: CONFIG.mountIterations, warmup: CONFIG.mountWarmup, coldIterations: CONFIG.coldIterations };
      results.mount = await phase('mount → ready vs baseline', () => withCpu(pid, () => measureMounts(b, bw, mountOpts)));
      // which of the built files the frame really fetched (cold mount), priced at gzip -9
      const sizes = results.sizes as { frame: { files: { file: string; gzip: number }[] } } | undefined;
      const cold = (results.mount as { waterfall?: { cold: { path: string }[] } } | undefined)?.waterfall?.cold ?? [];
      if (sizes && cold.length) {
        const paths = new Set(cold.map((r) => r.path));
        const files = sizes.frame.files.filter((f) => paths.has(f.file));
        // a script or style fetched that the static count does not know would go unpriced
        const known = new Set(sizes.frame.files.map((f) => f.file));
        const unpriced = [...paths].filter((path) => path.startsWith('/assets/') && !known.has(path));
        if (unpriced.length)
          results.errors.push({ phase: 'frame size', message: `fetched but not priced: ${unpriced.join(', ')}` });
        results.frameFetched = { files: files.map((f) => f.file), gzip: files.reduce((t, f) => t + f.gzip, 0) };
      }
      const keep = profileDir ? join(profileDir, 'mount-renderer.cpuprofile') : undefined;
      results.mountProfile = await phase('one profiled mount (renderer CPU)', () => profileMount(b, bw, dists.frameDist, keep));
      const revealOpts = { iterations: CONFIG.revealIterations, field: 'pan' as const };
      results.reveal = await phase('reveal latency', () => withCpu(pid, () => measureReveal(b, bw, revealOpts)));
    }
    results.baselineDefinition =
      `${bench.pages.merchantOrigin}/baseline appends <iframe src="${bench.pages.baselineOrigin}/frame"> (a third loopback port: ` +
      `cross-origin to the merchant page and to the display server, served by a bare node:http server in the bench); ` +
      `that document's one inline script does fetch('${display}/healthz', {mode:'no-cors', cache:'no-store'}) and posts ` +
      `'done' to the parent; timed from appending the iframe to the parent receiving 'done'. The SDK side is timed from ` +
      `Cardveil.mount() to onReady. Warm: one browser context, pairs interleaved, ${CONFIG.mountWarmup} unmeasured pairs first. ` +
      `Cold: a new context (empty HTTP cache, new connections) per measurement.`;
  }

  // Redis expires its own records; the scaled family's purge is covered by its store tests
  if (!scaled) {
    // the server still running: sessions that expired a purge interval ago must be gone
    const ranMs = Date.now() - serverStartedAt;
    results.serverPurge =
      ranMs > SERVER_PURGE_NEEDS_MS
        ? serverPurgeCheck(world.dbFile)
        : {
            skipped: `the run took ${Math.round(ranMs / 1000)} s: 30 s sessions and a 60 s purge need ${SERVER_PURGE_NEEDS_MS / 1000}`,
          };
  }
  await cleanup();
  if (!scaled) {
    results.purge = await phase('purge check (store purgeExpired on the bench DB)', () =>
      purgeCheck(world.dbFile, world.env.CARDVEIL_DATA_KEY!),
    );
  }
  results.serverLogTail = tail(world.serverLog, 15);
}

try {
  await main();
} catch (err) {
  results.errors.push({ phase: 'setup', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await cleanup();
  if (interrupted) {
    if (tmp && !opt.keep) rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  }
  if (results.meta) (results.meta as Record<string, unknown>).loadavgAtEnd = loadavg();
  const rows = buildRows(results);
  results.table = rows;
  writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\n${printTable(rows)}\n\n`);
  if (results.baselineDefinition) process.stdout.write(`baseline: ${String(results.baselineDefinition)}\n`);
  process.stdout.write(
    'CPU rows: % of one core over the phase (this machine has 2); "others" is everything outside the bench, e.g. other test runs.\n',
  );
  if (results.errors.length)
    process.stdout.write(`errors:\n${results.errors.map((e) => `  ${e.phase}: ${e.message}`).join('\n')}\n`);
  process.stdout.write(`wrote ${RESULTS_FILE}\n`);
  if (tmp && !opt.keep) rmSync(tmp, { recursive: true, force: true });
  else if (tmp) process.stdout.write(`kept ${tmp}\n`);
}
process.exitCode = results.errors.length ? 1 : 0;
