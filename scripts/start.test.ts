import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cardveil-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server holding a port on 127.0.0.1, as a first `npm start` would. */
async function holdPort() {
  const held = createServer().listen(0, '127.0.0.1');
  await once(held, 'listening');
  return { port: (held.address() as AddressInfo).port, release: () => held.close() };
}

// A second `npm start` used to find the first one's servers answering, print where to go, then
// fail on its own listen with a stack trace.
describe('npm start with a port already taken', () => {
  it.each(['PORT', 'DEMO_PORT'])(
    'says which port is in use (%s) and stops, before building or seeding anything',
    async (name) => {
      const { port, release } = await holdPort();
      const free = await holdPort();
      free.release();
      try {
        const env = {
          ...process.env,
          HOST: '127.0.0.1',
          DEMO_HOST: '127.0.0.1',
          PORT: String(free.port),
          DEMO_PORT: String(free.port),
          [name]: String(port),
          CARDVEIL_DB: join(dir, 'cardveil.sqlite'),
          DEMO_CREDENTIALS: join(dir, 'demo-credentials.json'),
        };
        const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, encoding: 'utf8' });
        expect(r.status).toBe(1);
        const what = name === 'PORT' ? 'the display server' : 'the demo';
        expect(r.stderr).toBe(`Port ${port} (${what}) is in use on 127.0.0.1: is another npm start running?\n`);
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        release();
      }
    },
  );
});
