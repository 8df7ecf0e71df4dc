import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { ratioOfMediansInterval, summarize, type Summary } from './stats.js';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.js';
import type { CardField } from '../src/shared/fields.js';

/**
 * Headless Chromium (Debian's, as in playwright.config.ts) on loopback: mount → ready
 * against the bare-iframe baseline, with a breakdown read from inside the frame, and
 * reveal click → value painted.
 */

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

export interface BrowserWorld {
  display: string;
  merchantOrigin: string;
  merchantId: string;
  fields: CardField[];
  /** a fresh client access token, minted from Node through the merchant API */
  mint(): Promise<string>;
}

interface Timed {
  ms: number;
  t0Abs: number;
  readyAbs: number;
}

/** The frame's own view of its load, in its own clock. */
interface FrameTimeline {
  timeOrigin: number;
  nav: Record<string, number> | null;
  resources: { name: string; initiatorType: string; startTime: number; responseEnd: number; transferSize: number }[];
  marks: { name: string; startTime: number }[];
  paint: { name: string; startTime: number }[];
}

export interface MountPair {
  sdk: Summary;
  baseline: Summary;
  /** median(sdk) / median(baseline) */
  ratioMedian: number;
  /** its 95% interval, by the paired bootstrap over the interleaved pairs */
  ratioMedianInterval95: [number, number];
  ratioP95: number;
}

export interface BrowserFigures {
  chromium: string;
  iterations: number;
  warm: MountPair;
  cold: MountPair | null;
  /** medians over the warm mounts, ms after the mount() call */
  breakdown: Record<string, Summary>;
  /** the same over the cold mounts (a new context each: empty cache, new connections) */
  coldBreakdown: Record<string, Summary>;
  /** the baseline's own steps, read from inside its frame: medians over the warm pairs, ms after appendChild */
  baselineBreakdown: Record<string, Summary>;
  /** one warm and one cold mount: what the frame fetched, ms after the mount() call */
  waterfall: { warm: WaterfallRow[]; cold: WaterfallRow[] };
  /** reference for the breakdown: the key generation the frame waits for, alone in a page */
  webcryptoKeygenMs: Summary;
  /** the same generation inside each warm mount: `keygen-start` → `keypair-ready` */
  keygenInMountMs: Summary | null;
  errors: string[];
}

export interface WaterfallRow {
  path: string;
  start: number;
  end: number;
  transferSize: number;
}

const BASELINE = 'baseline';

async function timedMount(page: Page, w: BrowserWorld, origin = w.merchantOrigin): Promise<Timed> {
  const token = await w.mint();
  await page.goto(`${origin}/mount?merchant_id=${encodeURIComponent(w.merchantId)}`);
  return page.evaluate(([t, f]) => (window as unknown as { __mount(t: string, f: string[]): Promise<Timed> }).__mount(t, f), [
    token,
    w.fields,
  ] as const);
}

export async function timedBaseline(page: Page, w: BrowserWorld): Promise<Timed> {
  await page.goto(`${w.merchantOrigin}/${BASELINE}`);
  return page.evaluate(() => (window as unknown as { __baseline(): Promise<Timed> }).__baseline());
}

/**
 * One baseline in `page`, and its frame's own steps as ms after the iframe was appended: where
 * the same browser spends the time on a page that does nothing but its one fetch. Beside the
 * mount's breakdown, it tells the browser's part of a load from ours.
 */
export async function baselineOnce(page: Page, w: BrowserWorld): Promise<{ timed: Timed; steps: Record<string, number> }> {
  const timed = await timedBaseline(page, w);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  if (!frame) throw new Error('no baseline frame in the page');
  // the same reading of the frame's own timeline as a mount's
  const tl = await frameTimeline(frame);
  const fetched = tl.resources.find((r) => r.name.includes('/healthz'));
  const at = (frameTime: number | undefined) => (frameTime === undefined ? undefined : tl.timeOrigin + frameTime - timed.t0Abs);
  const steps: Record<string, number | undefined> = {
    '1 frame navigation start': at(0),
    '2 HTML response end': at(tl.nav?.responseEnd),
    '3 its inline script runs: fetch start': at(fetched?.startTime),
    '4 fetch response end': at(fetched?.responseEnd),
    "5 'done' in the parent": timed.ms,
  };
  return { timed, steps: Object.fromEntries(Object.entries(steps).filter(([, v]) => v !== undefined)) as Record<string, number> };
}

export function embedFrame(page: Page, display: string): Frame {
  const f = page.frames().find((fr) => fr.url().startsWith(`${display}/embed`));
  if (!f) throw new Error('no /embed frame in the page');
  return f;
}

/** One mount in `page`: mount() → onReady, and the frame's steps as ms after mount(). */
export async function mountOnce(
  page: Page,
  w: BrowserWorld,
): Promise<{ timed: Timed; timeline: FrameTimeline; steps: Record<string, number> }> {
  const timed = await timedMount(page, w);
  const timeline = await frameTimeline(embedFrame(page, w.display));
  return { timed, timeline, steps: breakdownOf(timed, timeline) };
}

/** The key generation inside a mount, `keygen-start` → `keypair-ready`, from its steps; undefined without the marks. */
export function keygenMs(steps: Record<string, number>): number | undefined {
  const [start, ready] = [steps['mark cardveil:keygen-start'], steps['mark cardveil:keypair-ready']];
  return start !== undefined && ready !== undefined ? ready - start : undefined;
}

async function frameTimeline(frame: Frame): Promise<FrameTimeline> {
  return frame.evaluate(async () => {
    // let a first paint that follows `ready` land before reading
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return {
      timeOrigin: performance.timeOrigin,
      nav: nav
        ? {
            requestStart: nav.requestStart,
            responseStart: nav.responseStart,
            responseEnd: nav.responseEnd,
            domInteractive: nav.domInteractive,
            domContentLoadedEventEnd: nav.domContentLoadedEventEnd,
            loadEventEnd: nav.loadEventEnd,
          }
        : null,
      resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
        name: r.name,
        initiatorType: r.initiatorType,
        startTime: r.startTime,
        responseEnd: r.responseEnd,
        transferSize: r.transferSize,
      })),
      marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, startTime: m.startTime })),
      paint: performance.getEntriesByType('paint').map((p) => ({ name: p.name, startTime: p.startTime })),
    };
  });
}

/** The frame's events as ms after the parent's mount() call (both clocks as absolute timeOrigin + t). */
function breakdownOf(t: Timed, tl: FrameTimeline): Record<string, number> {
  const at = (frameTime: number) => tl.timeOrigin + frameTime - t.t0Abs;
  const out: Record<string, number> = { '1 frame navigation start': at(0) };
  if (tl.nav) {
    out['2 HTML response end'] = at(tl.nav.responseEnd!);
    out['4 DOMContentLoaded end (module scripts ran)'] = at(tl.nav.domContentLoadedEventEnd!);
  }
  const assets = tl.resources.filter((r) => /\/assets\/.+\.(m?js|css)$/.test(new URL(r.name).pathname));
  if (assets.length) out['3 scripts+CSS loaded (last responseEnd)'] = at(Math.max(...assets.map((r) => r.responseEnd)));
  const exchange = tl.resources.find((r) => r.name.includes('/api/v1/pci/display/sessions'));
  if (exchange) {
    out['5 exchange request start'] = at(exchange.startTime);
    out['6 exchange response end'] = at(exchange.responseEnd);
  }
  for (const m of tl.marks) if (m.name.startsWith('cardveil:')) out[`mark ${m.name}`] = at(m.startTime);
  for (const p of tl.paint) out[`paint ${p.name} (frame)`] = at(p.startTime);
  out['7 onReady in the parent'] = t.readyAbs - t.t0Abs;
  return out;
}

function waterfall(t: Timed, tl: FrameTimeline): WaterfallRow[] {
  const at = (x: number) => Math.round((tl.timeOrigin + x - t.t0Abs) * 10) / 10;
  const rows: WaterfallRow[] = [];
  if (tl.nav) rows.push({ path: '/embed (document)', start: at(0), end: at(tl.nav.responseEnd!), transferSize: -1 });
  for (const r of tl.resources) {
    const u = new URL(r.name);
    rows.push({ path: u.pathname, start: at(r.startTime), end: at(r.responseEnd), transferSize: r.transferSize });
  }
  return rows;
}

function pair(sdk: number[], base: number[]): MountPair {
  const s = summarize(sdk);
  const b = summarize(base);
  return {
    sdk: s,
    baseline: b,
    ratioMedian: Math.round((s.median / b.median) * 100) / 100,
    ratioMedianInterval95: ratioOfMediansInterval(sdk, base).map((r) => Math.round(r * 100) / 100) as [number, number],
    ratioP95: Math.round((s.p95 / b.p95) * 100) / 100,
  };
}

export function collectErrors(page: Page, into: string[]) {
  page.on('pageerror', (e) => into.length < 20 && into.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && into.length < 20 && into.push(`console (${m.location().url}): ${m.text()}`));
}

/**
 * `iterations` warm mounts and baselines, interleaved, in one browser context (its HTTP
 * cache holds the hashed assets after the first), after `warmup` unmeasured pairs; then
 * `coldIterations` pairs each in a new context (empty cache, new connections).
 */
export async function measureMounts(
  browser: Browser,
  w: BrowserWorld,
  o: { iterations: number; warmup: number; coldIterations: number },
): Promise<BrowserFigures> {
  const errors: string[] = [];
  const sdk: number[] = [];
  const base: number[] = [];
  const parts: Record<string, number[]> = {};
  const baselineParts: Record<string, number[]> = {};
  const keygenInMount: number[] = [];
  let warmFall: WaterfallRow[] = [];
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    collectErrors(page, errors);
    for (let i = 0; i < o.warmup + o.iterations; i++) {
      const mountNow = () =>
        mountOnce(page, w).catch((e: Error) => {
          throw new Error(`mount ${i + 1}: ${e.message}${errors.length ? `\n  ${errors.join('\n  ')}` : ''}`);
        });
      // each side goes first in every other pair, so neither always runs on the other's wake
      const baseFirst = i % 2 === 1;
      const before = baseFirst ? await baselineOnce(page, w) : undefined;
      const { timed: t, timeline: tl, steps } = await mountNow();
      const { timed: b, steps: baseSteps } = before ?? (await baselineOnce(page, w));
      if (i < o.warmup) continue;
      sdk.push(t.ms);
      base.push(b.ms);
      for (const [k, v] of Object.entries(steps)) (parts[k] ??= []).push(v);
      for (const [k, v] of Object.entries(baseSteps)) (baselineParts[k] ??= []).push(v);
      const keygen = keygenMs(steps);
      if (keygen !== undefined) keygenInMount.push(keygen);
      if (i === o.warmup + o.iterations - 1) warmFall = waterfall(t, tl);
    }
  } finally {
    await context.close();
  }

  const coldSdk: number[] = [];
  const coldBase: number[] = [];
  const coldParts: Record<string, number[]> = {};
  let coldFall: WaterfallRow[] = [];
  for (let i = 0; i < o.coldIterations; i++) {
    for (const kind of ['sdk', 'baseline'] as const) {
      const ctx: BrowserContext = await browser.newContext();
      try {
        const page = await ctx.newPage();
        collectErrors(page, errors);
        if (kind === 'sdk') {
          const { timed: t, timeline: tl, steps } = await mountOnce(page, w);
          coldSdk.push(t.ms);
          for (const [k, v] of Object.entries(steps)) (coldParts[k] ??= []).push(v);
          if (i === o.coldIterations - 1) coldFall = waterfall(t, tl);
        } else {
          coldBase.push((await timedBaseline(page, w)).ms);
        }
      } finally {
        await ctx.close();
      }
    }
  }

  const keygen = await keygenReference(browser, w, o.iterations);

  // in the order things happen (by median), so the frame's `cardveil:*` marks fall in
  // between the navigation and resource steps and the critical path reads top to bottom
  const inOrder = (steps: Record<string, number[]>) =>
    Object.fromEntries(
      Object.entries(steps)
        .map(([k, v]) => [k, summarize(v)] as const)
        .sort(([, a], [, b]) => a.median - b.median),
    );
  return {
    chromium: browser.version(),
    iterations: o.iterations,
    warm: pair(sdk, base),
    cold: o.coldIterations > 0 ? pair(coldSdk, coldBase) : null,
    breakdown: inOrder(parts),
    coldBreakdown: inOrder(coldParts),
    baselineBreakdown: inOrder(baselineParts),
    waterfall: { warm: warmFall, cold: coldFall },
    webcryptoKeygenMs: keygen,
    keygenInMountMs: keygenInMount.length ? summarize(keygenInMount) : null,
    errors,
  };
}

/**
 * For reading the breakdown: WebCrypto RSA-OAEP 2048 generateKey in this browser, now, `draws`
 * times in a row (as many as the mounts: the generation's time is heavy-tailed, ten say little).
 */
async function keygenReference(browser: Browser, w: BrowserWorld, draws: number): Promise<Summary> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${w.merchantOrigin}/${BASELINE}`);
    const times = (await page.evaluate(`(async () => {
      const out = [];
      for (let i = 0; i < ${draws}; i++) {
        const t0 = performance.now();
        await crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']);
        out.push(performance.now() - t0);
      }
      return out;
    })()`)) as number[];
    return summarize(times);
  } finally {
    await context.close();
  }
}

export interface RevealFigures {
  field: CardField;
  /** click() → painted: the first task after the rendering that follows the value's arrival in the DOM */
  toPainted: Summary;
  /** click() → the DOM holds the value (MutationObserver) */
  toDom: Summary;
  /** the first reveal, right after onReady (would show an unwrap left for the click) */
  firstAfterReady: { toDom: number; toPainted: number };
  /** Playwright mouse click (CDP input): the click event's timeStamp → painted, as above */
  realInputToPainted: Summary | null;
  realInputError?: string;
}

/**
 * In-frame scripts are strings: tsx compiles this file with esbuild's keepNames, whose
 * `__name()` calls would not exist inside the page.
 *
 * PAINTED: resolves after the next rendering: requestAnimationFrame runs its callback before
 * style, layout and paint, and a message posted from it is delivered in a task after them.
 */
const PAINTED = `() => new Promise((resolve) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve(performance.now());
  channel.port2.postMessage(0);
}))`;

/**
 * REVEAL_LOOP: `count` reveals of `field` by element.click(), each timed from the click
 * to the DOM holding the value (MutationObserver) and to the rendering that paints it
 * (PAINTED); hidden again in between.
 */

const REVEAL_LOOP = `async ([f, count]) => {
  const value = () => document.querySelector('[data-testid="value-' + f + '"]')?.textContent ?? '';
  const toggle = () => document.querySelector('[data-testid="toggle-' + f + '"]');
  const shown = () => value().length > 0 && !value().includes('\u2022');
  const painted = ${PAINTED};
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  const until = (pred) => new Promise((resolve, reject) => {
    if (pred()) return resolve(performance.now());
    const mo = new MutationObserver(() => {
      if (!pred()) return;
      mo.disconnect();
      clearTimeout(timer);
      resolve(performance.now());
    });
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error('no change within 3 s (text: ' + value() + ')')); }, 3000);
    mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  // start at a random phase of the display's 16.7 ms frame, as a cardholder's click does
  const jitter = () => new Promise((r) => setTimeout(r, crypto.getRandomValues(new Uint8Array(1))[0] % 17));
  if (!toggle()) throw new Error('no [data-testid="toggle-' + f + '"] in the frame');
  const out = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await jitter();
    const t0 = performance.now();
    toggle().click();
    const tDom = await until(shown);
    const tPainted = await painted();
    out.push({ dom: tDom - t0, painted: tPainted - t0 });
    toggle().click();
    await until(() => value().includes('\u2022'));
    await raf();
    await raf();
  }
  return out;
}`;

/** ARM_REAL_INPUT: waits for the next real click; window.__rv resolves with event.timeStamp → painted (PAINTED). */
const ARM_REAL_INPUT = `(f) => {
  const value = () => document.querySelector('[data-testid="value-' + f + '"]')?.textContent ?? '';
  window.__rv = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reveal within 3 s')), 3000);
    document.addEventListener('click', (e) => {
      const t0 = e.timeStamp;
      const check = () => {
        if (value().length > 0 && !value().includes('\u2022')) {
          mo.disconnect();
          clearTimeout(timer);
          (${PAINTED})().then((t) => resolve(t - t0));
        }
      };
      const mo = new MutationObserver(check);
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      queueMicrotask(check);
    }, { capture: true, once: true });
  });
}`;

const call = (fn: string, arg: unknown) => `(${fn})(${JSON.stringify(arg)})`;

async function revealLoop(frame: Frame, field: CardField, n: number): Promise<{ dom: number; painted: number }[]> {
  return frame.evaluate(call(REVEAL_LOOP, [field, n])) as Promise<{ dom: number; painted: number }[]>;
}

async function realInputReveal(frame: Frame, field: CardField): Promise<number> {
  await frame.evaluate(call(ARM_REAL_INPUT, field));
  await frame.click(`[data-testid="toggle-${field}"]`);
  const ms = (await frame.evaluate('window.__rv')) as number;
  await frame.click(`[data-testid="toggle-${field}"]`);
  await frame.waitForFunction(`(document.querySelector('[data-testid="value-${field}"]')?.textContent ?? '').includes('\u2022')`);
  return ms;
}

export async function measureReveal(
  browser: Browser,
  w: BrowserWorld,
  o: { iterations: number; field: CardField },
): Promise<RevealFigures> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // warm the cache first, so the measured frame loads as a returning cardholder's does
    await timedMount(page, w);
    await timedMount(page, w);
    const frame = embedFrame(page, w.display);
    const [first] = await revealLoop(frame, o.field, 1);
    await page.waitForTimeout(300);
    const runs = await revealLoop(frame, o.field, o.iterations);
    let real: number[] = [];
    let realInputError: string | undefined;
    try {
      for (let i = 0; i < o.iterations; i++) real.push(await realInputReveal(frame, o.field));
    } catch (err) {
      real = [];
      realInputError = (err as Error).message;
    }
    return {
      field: o.field,
      toPainted: summarize(runs.map((r) => r.painted)),
      toDom: summarize(runs.map((r) => r.dom)),
      firstAfterReady: { toDom: Math.round(first!.dom * 10) / 10, toPainted: Math.round(first!.painted * 10) / 10 },
      realInputToPainted: real.length ? summarize(real) : null,
      ...(realInputError ? { realInputError } : {}),
    };
  } finally {
    await context.close();
  }
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** ms of JS self time in the page's renderer during one warm mount, by function */
  top: { ms: number; fn: string; code?: string }[];
  /** ms of samples with the function (of the frame's own assets) anywhere on the stack */
  topInclusive: { ms: number; fn: string; code?: string }[];
  totalMs: number;
  /** the raw profile, when asked to keep it */
  file?: string;
}

/**
 * One extra warm mount (not counted) under the V8 sampling profiler of the renderer that
 * runs both the merchant page and the frame (same site, same process): where the
 * frame's main-thread time goes between mount() and onReady.
 */
export async function profileMount(
  browser: Browser,
  w: BrowserWorld,
  frameDist: string,
  keepAs?: string,
): Promise<ProfileSummary> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await timedMount(page, w); // warm the cache
    const token = await w.mint();
    await page.goto(`${w.merchantOrigin}/mount?merchant_id=${encodeURIComponent(w.merchantId)}`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.evaluate(call(`(a) => window.__mount(a[0], a[1])`, [token, w.fields]));
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    if (keepAs) writeFileSync(keepAs, JSON.stringify(profile));
    const byId = new Map(profile.nodes.map((nd) => [nd.id, nd]));
    const parent = new Map<number, number>();
    for (const nd of profile.nodes) for (const c of nd.children ?? []) parent.set(c, nd.id);
    const self = new Map<string, number>();
    const inclusive = new Map<string, number>();
    const code = new Map<string, string>();
    const keyOf = (cf: CpuProfile['nodes'][number]['callFrame']) => {
      const path = cf.url ? new URL(cf.url, 'http://x').pathname : '';
      const key =
        `${cf.functionName || '(anonymous)'} ${path ? `${path}:${cf.lineNumber + 1}:${cf.columnNumber + 1}` : ''}`.trim();
      // minified without source maps: keep the code where the function starts
      if (path.startsWith('/assets/') && !code.has(key)) code.set(key, snippet(frameDist, path, cf.lineNumber, cf.columnNumber));
      return key;
    };
    let total = 0;
    profile.samples.forEach((id, i) => {
      const cf = byId.get(id)?.callFrame;
      const dt = (profile.timeDeltas[i] ?? 0) / 1000;
      if (!cf || cf.functionName === '(idle)') return;
      total += dt;
      const leaf = keyOf(cf);
      self.set(leaf, (self.get(leaf) ?? 0) + dt);
      // inclusive: every distinct function of the frame's assets on this sample's stack
      const onStack = new Set<string>();
      for (let cur: number | undefined = id, d = 0; cur !== undefined && d < 500; cur = parent.get(cur), d++) {
        const f = byId.get(cur)!.callFrame;
        if (f.url.includes('/assets/')) onStack.add(keyOf(f));
      }
      for (const k of onStack) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    });
    const topOf = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([fn, ms]) => ({ fn, ms: Math.round(ms * 10) / 10, ...(code.get(fn) ? { code: code.get(fn) } : {}) }));
    const top = topOf(self);
    const topInclusive = topOf(inclusive);
    return { top, topInclusive, totalMs: Math.round(total), ...(keepAs ? { file: keepAs } : {}) };
  } finally {
    await context.close();
  }
}

function snippet(frameDist: string, path: string, line: number, column: number): string {
  try {
    const text = readFileSync(join(frameDist, path), 'utf8').split('\n')[line] ?? '';
    return text.slice(column, column + 90);
  } catch {
    return '';
  }
}
