/**
 * `npm start`: builds what is missing, migrates and seeds the store (idempotent), then
 * runs the display server and the demo merchant side by side until Ctrl-C stops both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env };
const port = env.PORT ?? '8787';
const demoPort = env.DEMO_PORT ?? '8788';
const displayOrigin = env.PUBLIC_ORIGIN ?? `http://127.0.0.1:${port}`;
const tsx = ['--import', 'tsx'];

const built = [
  'dist/frame/embed.html',
  'dist/frame/hosted.html',
  'dist/sdk/cardveil.js',
  'dist/demo/demo-page.js',
  'dist/demo/react-page.js',
].every((f) => existsSync(f));
if (!built) {
  console.log('Building the frame, SDK and demo (first run)…');
  const r = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const seed = spawnSync(process.execPath, [...tsx, 'src/server/admin/cli.ts', 'seed', '--json'], { encoding: 'utf8', env });
if (seed.status !== 0) {
  process.stderr.write(seed.stderr);
  process.exit(seed.status ?? 1);
}
const seeded = JSON.parse(seed.stdout) as { merchant_id: string; created: boolean };
console.log(`${seeded.created ? 'Seeded' : 'Found'} the demo merchant ${seeded.merchant_id}`);

const children: ChildProcess[] = [
  spawn(process.execPath, [...tsx, 'src/server/server.ts'], { stdio: 'inherit', env }),
  spawn(process.execPath, [...tsx, 'src/demo/server/demo-server.ts'], {
    stdio: 'inherit',
    env: { ...env, PUBLIC_ORIGIN: displayOrigin },
  }),
];

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
    process.exit(code),
  );
}
for (const child of children) child.once('exit', (code) => stop(code ?? 1));
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

async function waitHealthy() {
  for (let i = 0; i < 100 && !stopping; i++) {
    try {
      const res = await fetch(`${displayOrigin}/healthz`);
      if (res.ok) {
        console.log(
          `\n  Cardveil display server  ${displayOrigin}\n  Demo merchant            http://127.0.0.1:${demoPort}\n\n  Ctrl-C stops both.\n`,
        );
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
void waitHealthy();
