import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

/**
 * The demo process as `npm start` runs it, listening on another address than 127.0.0.1 (a
 * LAN address, for a phone on the same network; 127.0.0.2 here, also this machine on Linux,
 * where the whole of 127/8 is loopback). Its
 * backend must take the page's requests from the origin it prints, not from 127.0.0.1.
 */
const HOST = '127.0.0.2';
const CARD = { card_id: 'card_v', label: 'Mastercard', type: 'virtual', last4: '4444' };
let demo: ChildProcess;

/** A port nothing listens on now at `host`, as the system picks one. */
async function unusedPort(host: string): Promise<number> {
  const probe = createServer().listen(0, host);
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  return port;
}

let dir: string;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cardveil-demo-'));
  const credentials = join(dir, 'demo-credentials.json');
  writeFileSync(credentials, JSON.stringify({ merchant_id: 'mch_demo', api_key: 'k', api_secret: 's', cards: [CARD] }));
  const port = await unusedPort(HOST);
  origin = `http://${HOST}:${port}`;
  demo = spawn(process.execPath, ['--import', 'tsx', 'src/demo/server/demo-server.ts'], {
    env: {
      ...process.env,
      DEMO_HOST: HOST,
      DEMO_PORT: String(port),
      DEMO_CREDENTIALS: credentials,
      // nothing listens there: a card view the backend lets through fails to mint
      PUBLIC_ORIGIN: `http://127.0.0.1:${await unusedPort('127.0.0.1')}`,
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`${origin}/demo.css`).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the demo did not answer at ${origin}`);
}, 20_000);

afterAll(() => {
  demo?.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function askForView(pageOrigin: string): Promise<{ status: number; reason: string }> {
  const page = await fetch(`${origin}/`);
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  const res = await fetch(`${origin}/api/card-view-token`, {
    method: 'POST',
    headers: { origin: pageOrigin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', cookie },
    body: JSON.stringify({ card_id: CARD.card_id, fields: ['pan'], locale: 'en_US' }),
  });
  return { status: res.status, reason: ((await res.json()) as { reason: string }).reason };
}

describe('the demo process on DEMO_HOST', () => {
  it('takes card view requests from its own origin there, on to the platform', async () => {
    // unminted: the view passed every check of the demo's and was asked of the (absent) platform
    expect(await askForView(origin)).toEqual({ status: 502, reason: 'unminted' });
  });

  it('still refuses a page on 127.0.0.1, another origin', async () => {
    expect(await askForView(origin.replace(HOST, '127.0.0.1'))).toEqual({ status: 403, reason: 'cross_site' });
  });
});
