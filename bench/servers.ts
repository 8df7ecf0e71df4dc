import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin as runAdmin } from '../e2e/support/admin.js';

/**
 * The bench's world: a snapshot of the build, a temp data dir, a merchant and a card
 * made through the admin CLI, and the real display server as a child process. Every
 * child is registered here and killed by `stopAll` (also on error, signal or exit).
 */
export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const children = new Set<ChildProcess>();

// one free-port finder for the bench and the tests
import { freePort } from '../src/server/testing/services.js';
export { freePort };

const DIST_NEEDED = ['dist/frame/embed.html', 'dist/sdk/cardveil.js', 'dist/sdk/cardveil.mjs'];

/** Newest mtime (ms) of the files under `dir`, recursively; 0 when absent. */
function newest(dir: string, pick: (a: number, b: number) => number, start: number): number {
  if (!existsSync(dir)) return start;
  let t = start;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    t = st.isDirectory() ? newest(full, pick, t) : pick(t, st.mtimeMs);
  }
  return t;
}

export interface BuildInfo {
  built: boolean;
  /** oldest file of dist/frame + dist/sdk */
  distBuiltAt: string;
  /** true when a file under src/frame, src/sdk or src/shared is newer than the build */
  staleVsSource: boolean;
}

/** `npm run build` when dist is missing (or when forced); reports whether dist looks older than its sources. */
export function ensureBuild(force: boolean): BuildInfo {
  let built = false;
  if (force || DIST_NEEDED.some((f) => !existsSync(join(ROOT, f)))) {
    process.stdout.write('building (npm run build)...\n');
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
    built = true;
  }
  const missing = DIST_NEEDED.filter((f) => !existsSync(join(ROOT, f)));
  if (missing.length) throw new Error(`build output missing: ${missing.join(', ')}`);
  const distOldest = Math.min(
    newest(join(ROOT, 'dist/frame'), Math.min, Infinity),
    newest(join(ROOT, 'dist/sdk'), Math.min, Infinity),
  );
  const srcNewest = ['src/frame', 'src/sdk', 'src/shared'].reduce((t, d) => newest(join(ROOT, d), Math.max, t), 0);
  return { built, distBuiltAt: new Date(distOldest).toISOString(), staleVsSource: srcNewest > distOldest };
}

/**
 * Copies dist/frame and dist/sdk into the temp dir, so a concurrent rebuild by someone
 * else cannot change what the server serves or what the size step measures mid-run.
 * Retries while embed.html names assets that are not (yet) there.
 */
export async function snapshotDist(tmp: string): Promise<{ frameDist: string; sdkDist: string }> {
  const frameDist = join(tmp, 'dist/frame');
  const sdkDist = join(tmp, 'dist/sdk');
  for (let attempt = 0; attempt < 10; attempt++) {
    rmSync(join(tmp, 'dist'), { recursive: true, force: true });
    mkdirSync(join(tmp, 'dist'), { recursive: true });
    try {
      cpSync(join(ROOT, 'dist/frame'), frameDist, { recursive: true });
      cpSync(join(ROOT, 'dist/sdk'), sdkDist, { recursive: true });
      const html = readFileSync(join(frameDist, 'embed.html'), 'utf8');
      const refs = [...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]!);
      if (refs.every((r) => existsSync(join(frameDist, r))) && existsSync(join(sdkDist, 'cardveil.js'))) {
        return { frameDist, sdkDist };
      }
    } catch {
      // a rebuild was emptying dist while we copied: try again
    }
    await sleep(1000);
  }
  throw new Error('could not take a consistent snapshot of dist/ (is a build running in a loop?)');
}

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cardveil-bench-'));
}

export interface World {
  tmp: string;
  env: NodeJS.ProcessEnv;
  displayOrigin: string;
  displayPort: number;
  dbFile: string;
  serverLog: string;
}

export function worldEnv(tmp: string, port: number, dists: { frameDist: string; sdkDist: string }): World {
  const displayOrigin = `http://127.0.0.1:${port}`;
  const dbFile = join(tmp, 'cardveil.sqlite');
  return {
    tmp,
    displayOrigin,
    displayPort: port,
    dbFile,
    serverLog: join(tmp, 'server.log'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_ORIGIN: displayOrigin,
      CARDVEIL_DB: dbFile,
      CARDVEIL_DATA_KEY: randomBytes(32).toString('hex'),
      // warn: a request log would cost the server CPU it is measured on (BENCH_LOG_LEVEL=info to read it)
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      RATE_LIMITS: 'off',
      // the shortest allowed: sessions expire during the run, so the loads pay the server's
      // purge of them as a steady state would, and the end of the run can see it working
      SESSION_TTL_SECONDS: '30',
      FRAME_DIST: dists.frameDist,
      SDK_DIST: dists.sdkDist,
    },
  };
}

/** The admin CLI exactly as the README documents it; returns its JSON. */
export function admin(world: World, args: string[]): Record<string, string> {
  return runAdmin(world.env, args);
}

export async function waitForOk(url: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 within ${tries / 10} s`);
}

/** `node --import tsx src/server/server.ts`: the pid is the server process itself (for /proc/<pid>/status). */
export async function startDisplayServer(world: World, profileDir?: string): Promise<ChildProcess> {
  // --profile: a V8 CPU profile of the server, written when it stops (open in Chrome DevTools)
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return startNodeServer([...prof, '--import', 'tsx', 'src/server/server.ts'], world.env, world.serverLog, world.displayOrigin);
}

/** The exchange's floor (bench/floor-server.ts) on a port of its own; its origin. */
export async function startFloorServer(world: World): Promise<{ child: ChildProcess; origin: string }> {
  const port = (await freePort())!;
  const origin = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
  const log = join(world.tmp, 'floor-server.log');
  return { child: await startNodeServer(['--import', 'tsx', 'bench/floor-server.ts'], env, log, origin), origin };
}

async function startNodeServer(args: string[], env: NodeJS.ProcessEnv, log: string, origin: string): Promise<ChildProcess> {
  const out = openSync(log, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', out, out] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  try {
    await waitForOk(`${origin}/healthz`);
  } catch (err) {
    throw new Error(`${(err as Error).message}; server log:\n${tail(log)}`, { cause: err });
  }
  return child;
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM each child we started, by pid; SIGKILL what is still there after 3 s. */
export async function stopAll(): Promise<void> {
  const list = [...children];
  for (const c of list) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  const deadline = Date.now() + 3000;
  while (list.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) await sleep(50);
  for (const c of list) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Last resort on process exit: synchronous, so it also runs on an uncaught error. */
export function killAllSync(): void {
  for (const c of children) {
    try {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
