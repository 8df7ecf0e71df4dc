/**
 * `npm start`: builds what is missing, migrates and seeds the store (idempotent), then
 * runs the display server and the demo merchant side by side until Ctrl-C stops both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/server/config.js';
import { ConfigError } from '../src/shared/config-error.js';
import { demoHost, demoPageOrigin, demoPort } from '../src/shared/demo-credentials.js';

// The display origin exactly as the server derives it (HOST=localhost makes it
// http://localhost:PORT), passed to both children: the demo's pages and the server's
// Origin check must name the same one, or every exchange answers 1016.
// The demo's own variables are checked here too, before a build or a seed could fail on them.
let config: Config;
let displayOrigin: string;
let demoOrigin: string;
try {
  config = loadConfig(process.env);
  displayOrigin = config.PUBLIC_ORIGIN;
  demoOrigin = demoPageOrigin(process.env);
} catch (e) {
  process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
  process.exit(1);
}
const env: NodeJS.ProcessEnv = { ...process.env, PUBLIC_ORIGIN: displayOrigin };
const tsx = ['--import', 'tsx'];

/**
 * Everything the two servers serve from dist/: the frame pages and the scripts and styles
 * they name, both SDK builds, the demo's page scripts. (dist/react is the package's
 * `cardveil/react` export; no server serves it, and the demo's React page bundles it in.)
 */
function servedArtefacts(): string[] {
  const pages = ['dist/frame/embed.html', 'dist/frame/hosted.html'];
  const assets = pages.flatMap((page) =>
    existsSync(page)
      ? [...readFileSync(page, 'utf8').matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => join('dist/frame', m[1]!))
      : [],
  );
  const scripts = ['dist/sdk/cardveil.js', 'dist/sdk/cardveil.mjs', 'dist/demo/demo-page.js', 'dist/demo/react-page.js'];
  return [...pages, ...assets, ...scripts];
}

/** Whether something already listens at host:port: another `npm start`, most often. */
function portTaken(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE'));
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}

// Said before anything is built or seeded: a second `npm start` would otherwise find the first's
// servers answering, print where to go, and then fail on its own listen.
for (const [what, port, host] of [
  ['the display server', config.PORT, config.HOST],
  ['the demo', demoPort(process.env), demoHost(process.env)],
] as const) {
  if (await portTaken(port, host)) {
    process.stderr.write(`Port ${port} (${what}) is in use on ${host}: is another npm start running?\n`);
    process.exit(1);
  }
}

if (!servedArtefacts().every((f) => existsSync(f))) {
  console.log('Building the frame, SDK and demo (first run)…');
  const r = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
} else {
  console.log('Using the build in dist/ (npm run build refreshes it after a change to the frame, SDK or demo)');
}

const seed = spawnSync(process.execPath, [...tsx, 'src/server/admin/cli.ts', 'seed', '--json'], { encoding: 'utf8', env });
if (seed.status !== 0) {
  // the CLI's {code, msg, reason}: the reason is what says what to do
  const said = (() => {
    try {
      const { msg, reason } = JSON.parse(seed.stderr) as { msg?: string; reason?: string };
      return reason ?? msg;
    } catch {
      return seed.stderr.trim();
    }
  })();
  process.stderr.write(`Cannot prepare the store: ${said}\n`);
  process.exit(seed.status ?? 1);
}
const seeded = JSON.parse(seed.stdout) as { merchant_id: string; created: boolean; new_api_key?: boolean };
console.log(`${seeded.created ? 'Seeded' : 'Found'} the demo merchant ${seeded.merchant_id}`);
if (seeded.new_api_key) console.log('  (its credentials file was missing: a new API key was issued and saved)');

// the demo stands for a merchant's backend, outside the platform: none of its store secrets reach it
const { CARDVEIL_DATA_KEY: _key, DATABASE_URL: _database, REDIS_URL: _redis, ...demoEnv } = env;
const children: ChildProcess[] = [
  spawn(process.execPath, [...tsx, 'src/server/server.ts'], { stdio: 'inherit', env }),
  spawn(process.execPath, [...tsx, 'src/demo/server/demo-server.ts'], { stdio: 'inherit', env: demoEnv }),
];

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  // one still draining after 3 s is ended: left running, it would hold its port for the next start
  setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 3000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
    process.exit(code),
  );
}
for (const child of children) child.once('exit', (code) => stop(code ?? 1));
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

/** Whether `url` answers 2xx within 2 s; false while nothing listens there yet. */
async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Prints where to go once both servers answer. A first start may take a while (a build, a
 * migration, a store to wait for when scaled out): after 30 s it says which one is not up yet,
 * and goes on waiting.
 */
async function waitUp() {
  const up = { display: false, demo: false };
  for (let i = 0; !stopping; i++) {
    up.display ||= await answers(`${displayOrigin}/healthz`);
    up.demo ||= await answers(`${demoOrigin}/demo.css`);
    if (up.display && up.demo) {
      console.log(
        `\n  Cardveil display server  ${displayOrigin}\n  Demo merchant            ${demoOrigin}\n\n  Ctrl-C stops both.\n`,
      );
      return;
    }
    if (i === 300) {
      const waiting = [!up.display && `the display server (${displayOrigin}/healthz)`, !up.demo && `the demo (${demoOrigin})`];
      console.log(`  Still waiting for ${waiting.filter(Boolean).join(' and ')} to answer…`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
void waitUp();
