/**
 * `npm run bench:ab -- <build A> <build B>`: two builds of the frame (each a `dist/frame`
 * folder, or a whole `dist` folder to compare SDK builds as well), mounted in turn in one Chromium, A B, then B A, and so on. One
 * full bench run per build cannot tell a change of 10 ms from the machine's minute: the
 * key generation alone moves more than that between runs. Interleaved, both builds see
 * the same minutes, and the B/A ratio comes with a paired-bootstrap interval.
 *
 *   npm run build && cp -r dist/frame /tmp/frame-before
 *   (change the frame)
 *   npm run build && npm run bench:ab -- /tmp/frame-before dist/frame [--iterations 40] [--cold 20]
 *
 * Each build gets its own display server, SQLite file and merchant pages (same server
 * code; the SDK from dist/sdk, or from the build's own sdk folder when it is a whole dist). Prints a table; writes nothing to bench/results.json.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from '@playwright/test';
import { ROOT, killAllSync, makeTempDir, stopAll } from './servers.js';
import { openBenchWorld } from './world.js';
import { accessToken, mintOne } from './tokens.js';
import { collectErrors, keygenMs, launch, mountOnce, timedBaseline, type BrowserWorld } from './browser-timing.js';
import { ratioOfMediansInterval, round, summarize } from './stats.js';
import { printTable, type Row } from './report.js';
import type { CardField } from '../src/shared/fields.js';

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: { iterations: { type: 'string', default: '40' }, cold: { type: 'string', default: '0' } },
});
if (positionals.length !== 2) throw new Error('usage: npm run bench:ab -- <build A> <build B> [--iterations 40] [--cold 20]');
const builds = positionals.map((p) => resolve(p));
/** A build's frame and SDK folders: a whole dist brings its own SDK. */
const partsOf = (build: string) =>
  existsSync(join(build, 'frame/embed.html'))
    ? { frame: join(build, 'frame'), sdk: join(build, 'sdk') }
    : { frame: build, sdk: join(ROOT, 'dist/sdk') };
for (const b of builds)
  if (!existsSync(join(partsOf(b).frame, 'embed.html'))) throw new Error(`${b} holds no embed.html: not a frame build`);
const WARMUP = 4;
const ITERATIONS = Number(opt.iterations);
const COLD = Number(opt.cold);
const FIELDS: CardField[] = ['pan', 'expiry', 'cvv', 'pin'];

/** Per build, in measuring order: the i-th value of A and of B were taken side by side. */
interface Samples {
  warm: number[];
  baseline: number[];
  /** mount() → keygen-start: the page's own load, before the key takes over */
  keyStart: number[];
  /** keygen-start → keypair-ready */
  key: number[];
  /** the exchange's response end → onReady in the parent */
  afterExchange: number[];
  cold: number[];
  coldBaseline: number[];
}

const tmps: string[] = [];
const closers: (() => Promise<void>)[] = [];
let browser: Browser | undefined;
process.on('exit', killAllSync);

async function openSide(build: string): Promise<BrowserWorld> {
  const tmp = makeTempDir();
  tmps.push(tmp);
  const dists = { frameDist: join(tmp, 'dist/frame'), sdkDist: join(tmp, 'dist/sdk') };
  mkdirSync(join(tmp, 'dist'));
  const parts = partsOf(build);
  cpSync(parts.frame, dists.frameDist, { recursive: true });
  cpSync(parts.sdk, dists.sdkDist, { recursive: true });
  const { world, merchant, spec, pages } = await openBenchWorld(tmp, dists, { fields: FIELDS });
  closers.push(() => pages.close());
  const display = world.displayOrigin;
  const access = await accessToken(display, merchant);
  return {
    display,
    merchantOrigin: spec.parent_origin,
    merchantId: merchant.merchant_id,
    fields: FIELDS,
    mint: () => mintOne(display, access, spec),
  };
}

async function measure(b: Browser, sides: BrowserWorld[]): Promise<{ samples: Samples[]; errors: string[] }> {
  const out = sides.map((): Samples => ({
    warm: [],
    baseline: [],
    keyStart: [],
    key: [],
    afterExchange: [],
    cold: [],
    coldBaseline: [],
  }));
  const errors: string[] = [];
  // A B, B A, A B, ...: neither build always goes first
  const inTurn = (i: number) => (i % 2 === 0 ? [0, 1] : [1, 0]);
  const context = await b.newContext();
  const page = await context.newPage();
  collectErrors(page, errors);
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    for (const s of inTurn(i)) {
      const { timed, steps } = await mountOnce(page, sides[s]!);
      const baseline = await timedBaseline(page, sides[s]!);
      if (i < WARMUP) continue;
      const o = out[s]!;
      o.warm.push(timed.ms);
      o.baseline.push(baseline.ms);
      o.keyStart.push(steps['mark cardveil:keygen-start'] ?? NaN);
      o.key.push(keygenMs(steps) ?? NaN); // NaN keeps the pairs aligned for a build without the marks
      o.afterExchange.push(timed.ms - steps['6 exchange response end']!);
    }
  }
  await context.close();
  const fresh = async <T>(run: (page: Page) => Promise<T>): Promise<T> => {
    const ctx = await b.newContext();
    try {
      return await run(await ctx.newPage());
    } finally {
      await ctx.close();
    }
  };
  for (let i = 0; i < COLD; i++) {
    for (const s of inTurn(i)) {
      out[s]!.cold.push((await fresh((p) => mountOnce(p, sides[s]!))).timed.ms);
      out[s]!.coldBaseline.push((await fresh((p) => timedBaseline(p, sides[s]!))).ms);
    }
  }
  return { samples: out, errors };
}

function rows([a, b]: Samples[]): Row[] {
  const rows: Row[] = [];
  const ms = (v: number) => `${round(v)} ms`;
  const compare = (metric: string, xa: number[], xb: number[]) => {
    if (xa.length === 0) return;
    const [lo, hi] = ratioOfMediansInterval(xb, xa);
    const ratio = summarize(xb).median / summarize(xa).median;
    const verdict = hi < 1 ? 'B faster' : lo > 1 ? 'B slower' : 'no difference shown';
    rows.push({
      section: metric,
      metric: 'A / B median',
      value: `${ms(summarize(xa).median)} / ${ms(summarize(xb).median)}`,
      target: '',
    });
    rows.push({
      section: metric,
      metric: 'B / A, 95% interval',
      value: `${round(ratio, 3)}× (${round(lo, 3)}–${round(hi, 3)}×)`,
      target: verdict,
    });
  };
  compare(`warm mount → onReady (n=${a!.warm.length})`, a!.warm, b!.warm);
  compare('mount() → the key starts', a!.keyStart, b!.keyStart);
  compare('the key inside the mount', a!.key, b!.key);
  compare("the exchange's answer → onReady", a!.afterExchange, b!.afterExchange);
  compare(`cold mount → onReady (n=${a!.cold.length})`, a!.cold, b!.cold);
  for (const [name, s] of [
    ['A', a!],
    ['B', b!],
  ] as const) {
    const r = summarize(s.warm).median / summarize(s.baseline).median;
    rows.push({ section: `build ${name}`, metric: 'warm ratio to its baseline', value: `${round(r, 2)}×`, target: '' });
  }
  return rows;
}

try {
  const sides = [await openSide(builds[0]!), await openSide(builds[1]!)];
  browser = await launch();
  const { samples, errors } = await measure(browser, sides);
  process.stdout.write(`\nA: ${builds[0]}\nB: ${builds[1]}\n\n${printTable(rows(samples))}\n`);
  // as in the bench's own mount runs: the pages' console errors, for a look (the merchant
  // pages have no favicon, so Chromium's request for one is always there)
  if (errors.length) process.stdout.write(`browser errors:\n  ${[...new Set(errors)].join('\n  ')}\n`);
} finally {
  await browser?.close().catch(() => {});
  for (const close of closers) await close().catch(() => {});
  await stopAll();
  for (const t of tmps) rmSync(t, { recursive: true, force: true });
}
