import type { BrowserFigures, ProfileSummary, RevealFigures } from './browser-timing.js';
import type { PurgeCheck, ServerPurge, rssMiB } from './memory.js';
import type { FrameSizes, FileSize } from './sizes.js';
import type { ExchangeFigures, LoadFigures } from './throughput.js';
import { check, n, TARGETS, type Row } from './report.js';
import type { CpuShare } from './machine.js';

type WithCpu<T> = T & { cpu?: CpuShare };
type Rss = ReturnType<typeof rssMiB>;

interface Measured {
  sizes?: { sdk: { js: FileSize; mjs: FileSize }; frame: FrameSizes };
  mount?: WithCpu<BrowserFigures>;
  reveal?: WithCpu<RevealFigures>;
  throughput?: Throughput;
  throughputSaturated?: Throughput;
  memory?: Record<string, unknown>;
  purge?: PurgeCheck;
  serverPurge?: ServerPurge | { skipped: string };
}

/** One concurrency's paired /healthz and exchange rounds (bench/run.ts `pairedRounds`). */
interface Throughput {
  healthz: WithCpu<LoadFigures>;
  exchange: WithCpu<ExchangeFigures>;
  ratio: number;
  mintPerSec: number;
  serverCpuMsPerRequest?: { healthz: number; exchange: number };
  cpuRatio?: number;
  rounds?: { healthzRequestsPerSec: number; exchangeRequestsPerSec: number; serverCpuMsPerExchange: number }[];
  /** bench/floor-server.ts in the same rounds: its median round */
  floor?: {
    healthz: WithCpu<LoadFigures>;
    exchange: WithCpu<ExchangeFigures>;
    ratio: number;
    serverCpuMsPerRequest: { healthz: number; exchange: number };
    cpuRatio: number;
  };
}

type AddRow = (section: string, metric: string, value: string, target?: string, pass?: boolean | null) => void;

const ms = (v: number | undefined) => `${n(v, 1)} ms`;
const interval = ([lo, hi]: [number, number]) => `95%: ${n(lo, 2)}–${n(hi, 2)}×`;
/** CPU use during a phase, in % of one core (this machine has 2). */
const cpu = (c: CpuShare | undefined) =>
  c
    ? `server ${c.corePct.server}% · bench ${c.corePct.bench}% · chromium ${c.corePct.chromium}% · others ${c.corePct.others}%`
    : 'n/a';

/** The printed table (and results.json's `table`): every figure, its target and pass/fail. */
export function buildRows(all: Record<string, unknown>): Row[] {
  const r = all as Measured;
  const rows: Row[] = [];
  const add = (section: string, metric: string, value: string, target = '', pass?: boolean | null) =>
    rows.push({ section, metric, value, target, pass });

  const s = r.sizes;
  add('SDK', 'cardveil.js minified', s ? `${n(s.sdk.js.bytes)} B` : 'n/a');
  add(
    'SDK',
    'cardveil.js gzip -9',
    s ? `${n(s.sdk.js.gzip)} B` : 'n/a',
    `≤ ${n(TARGETS.sdkGzipBytes)} B`,
    check(s?.sdk.js.gzip, (v) => v <= TARGETS.sdkGzipBytes),
  );
  add('SDK', 'cardveil.js brotli', s ? `${n(s.sdk.js.brotli)} B` : 'n/a');
  add(
    'SDK',
    'cardveil.mjs minified / gzip',
    s ? `${n(s.sdk.mjs.bytes)} / ${n(s.sdk.mjs.gzip)} B` : 'n/a',
    `≤ ${n(TARGETS.sdkGzipBytes)} B`,
    check(s?.sdk.mjs.gzip, (v) => v <= TARGETS.sdkGzipBytes),
  );
  if (s) {
    for (const f of s.frame.files) add('Frame', `${f.file} (${f.via})`, `${n(f.gzip)} B gz`);
  }
  add(
    'Frame',
    'JS+CSS /embed loads up front (html + static imports), gzip -9',
    s ? `${n(s.frame.gzipStatic)} B` : 'n/a',
    `≤ ${n(TARGETS.frameGzipBytes)} B`,
    check(s?.frame.gzipStatic, (v) => v <= TARGETS.frameGzipBytes),
  );
  add(
    'Frame',
    'all chunks reachable from /embed (incl. import()), gzip -9',
    s ? `${n(s.frame.gzipTotal)} B` : 'n/a',
    `≤ ${n(TARGETS.frameGzipBytes)} B`,
    check(s?.frame.gzipTotal, (v) => v <= TARGETS.frameGzipBytes),
  );
  const fetched = (all as { frameFetched?: { gzip: number; files: string[] } }).frameFetched;
  if (fetched)
    add(
      'Frame',
      `JS+CSS the frame fetched in Chromium (cold mount, ${fetched.files.length} files), gzip -9`,
      `${n(fetched.gzip)} B`,
    );
  add('Frame', 'all chunks, brotli (as served)', s ? `${n(s.frame.brotliTotal)} B` : 'n/a');

  const m = r.mount;
  add(
    'Mount→ready',
    `SDK warm median / p95 (n=${m?.warm.sdk.n ?? 0})`,
    m ? `${ms(m.warm.sdk.median)} / ${ms(m.warm.sdk.p95)}` : 'n/a',
  );
  add(
    'Mount→ready',
    `baseline warm median / p95 (n=${m?.warm.baseline.n ?? 0})`,
    m ? `${ms(m.warm.baseline.median)} / ${ms(m.warm.baseline.p95)}` : 'n/a',
  );
  add(
    'Mount→ready',
    'ratio warm (medians), 95% interval',
    m ? `${n(m.warm.ratioMedian, 2)}× (${interval(m.warm.ratioMedianInterval95)})` : 'n/a',
    `≤ ${TARGETS.mountRatio}×`,
    check(m?.warm.ratioMedian, (v) => v <= TARGETS.mountRatio),
  );
  if (m?.cold) {
    add('Mount→ready', `SDK cold median / p95 (n=${m.cold.sdk.n})`, `${ms(m.cold.sdk.median)} / ${ms(m.cold.sdk.p95)}`);
    add(
      'Mount→ready',
      `baseline cold median / p95 (n=${m.cold.baseline.n})`,
      `${ms(m.cold.baseline.median)} / ${ms(m.cold.baseline.p95)}`,
    );
    add(
      'Mount→ready',
      'ratio cold (medians), 95% interval',
      `${n(m.cold.ratioMedian, 2)}× (${interval(m.cold.ratioMedianInterval95)})`,
      `(≤ ${TARGETS.mountRatio}×)`,
      check(m.cold.ratioMedian, (v) => v <= TARGETS.mountRatio),
    );
  }
  if (m) add('Mount→ready', 'CPU during the mount runs (% of one core)', cpu(m.cpu));
  if (m) for (const [k, v] of Object.entries(m.breakdown)) add('Breakdown (warm, median ms after mount())', k, ms(v.median));
  if (m?.coldBreakdown)
    for (const [k, v] of Object.entries(m.coldBreakdown)) add('Breakdown (cold, median ms after mount())', k, ms(v.median));

  if (m?.webcryptoKeygenMs)
    add(
      'Breakdown (warm, median ms after mount())',
      `reference: WebCrypto RSA-2048 generateKey alone, median / p95 (n=${m.webcryptoKeygenMs.n})`,
      `${ms(m.webcryptoKeygenMs.median)} / ${ms(m.webcryptoKeygenMs.p95)}`,
    );
  if (m?.keygenInMountMs)
    add(
      'Breakdown (warm, median ms after mount())',
      `the same inside each mount (keygen-start → keypair-ready), median / p95 (n=${m.keygenInMountMs.n})`,
      `${ms(m.keygenInMountMs.median)} / ${ms(m.keygenInMountMs.p95)}`,
    );
  if (m?.baselineBreakdown)
    for (const [k, v] of Object.entries(m.baselineBreakdown))
      add('Baseline breakdown (warm, median ms after appendChild)', k, ms(v.median));
  const prof = (all as { mountProfile?: ProfileSummary }).mountProfile;
  if (prof) {
    const section = `Renderer CPU, 1 warm mount (${n(prof.totalMs)} ms)`;
    const label = (t: { fn: string; code?: string }) => {
      const text = t.code ? `${t.fn.split(' ')[0]} ${t.code.slice(0, 48)}` : t.fn;
      return text.length > 60 ? `${text.slice(0, 57)}...` : text;
    };
    for (const t of prof.top.slice(0, 5)) add(section, `self: ${label(t)}`, ms(t.ms));
    for (const t of prof.topInclusive.slice(0, 6)) add(section, `incl: ${label(t)}`, ms(t.ms));
  }

  const rv = r.reveal;
  // The target is read on the real click: the input's own path included.
  add(
    'Reveal',
    `mouse click (CDP input): event.timeStamp → painted, median / p95 (n=${rv?.realInputToPainted?.n ?? 0})`,
    rv?.realInputToPainted ? `${ms(rv.realInputToPainted.median)} / ${ms(rv.realInputToPainted.p95)}` : 'n/a',
    `median ≤ ${TARGETS.revealMedianMs} ms`,
    check(rv?.realInputToPainted?.median, (v) => v <= TARGETS.revealMedianMs),
  );
  add(
    'Reveal',
    `element.click() → painted, median / p95 (n=${rv?.toPainted.n ?? 0})`,
    rv ? `${ms(rv.toPainted.median)} / ${ms(rv.toPainted.p95)}` : 'n/a',
  );
  add('Reveal', 'element.click() → value in DOM, median / p95', rv ? `${ms(rv.toDom.median)} / ${ms(rv.toDom.p95)}` : 'n/a');
  add(
    'Reveal',
    'the first reveal, right after ready: → DOM / → painted',
    rv ? `${ms(rv.firstAfterReady.toDom)} / ${ms(rv.firstAfterReady.toPainted)}` : 'n/a',
  );

  if (rv) add('Reveal', 'CPU during the reveal runs (% of one core)', cpu(rv.cpu));

  throughputRows(add, 'Throughput', r.throughput);
  add('Throughput', 'mint (merchant API) tokens/s, for reference', r.throughput ? n(r.throughput.mintPerSec) : 'n/a');
  throughputRows(add, 'Throughput at saturation', r.throughputSaturated);

  const mem = r.memory as
    | {
        rssBeforeMiB: Rss;
        rssAfterMiB: Rss;
        rssAfterIdle3sMiB: Rss;
        rssAfterLoadMiB?: Rss;
        sessionsCreated: number;
        cpu?: CpuShare;
      }
    | undefined;
  if (mem) {
    add(
      'Memory',
      `server RSS before → after ${n(mem.sessionsCreated)} sessions`,
      `${n(mem.rssBeforeMiB.rss, 1)} → ${n(mem.rssAfterMiB.rss, 1)} MiB`,
    );
    add('Memory', 'CPU during those sessions (% of one core)', cpu(mem.cpu));
    add('Memory', 'RSS growth (after 3 s idle)', `${n(mem.rssAfterIdle3sMiB.rss - mem.rssBeforeMiB.rss, 1)} MiB`);
    // RSS moves with the collector's timing; the peak says what the sessions needed at most
    add('Memory', 'peak RSS (VmHWM) before → after', `${n(mem.rssBeforeMiB.hwm, 1)} → ${n(mem.rssAfterIdle3sMiB.hwm, 1)} MiB`);
    if (mem.rssAfterLoadMiB) add('Memory', 'RSS after the throughput runs', `${n(mem.rssAfterLoadMiB.rss, 1)} MiB`);
  } else add('Memory', 'server RSS', 'n/a');

  const sp = r.serverPurge;
  const byServer = 'Purge by the running server (its 60 s timer; sessions last 30 s in the bench)';
  if (sp && 'overdue' in sp) {
    add(byServer, 'sessions opened in the run → still held at its end', `${n(sp.sessionsOpened)} → ${n(sp.sessionsHeld)}`);
    add(
      byServer,
      'rows expired over 70 s ago: sessions · nonces · access_tokens · client_tokens (past their 24 h)',
      `${n(sp.overdue.sessions)} · ${n(sp.overdue.nonces)} · ${n(sp.overdue.access_tokens)} · ${n(sp.overdue.client_tokens)}`,
      'all 0',
      sp.pass,
    );
  } else if (sp) add(byServer, 'not checked', sp.skipped);
  const p = r.purge;
  if (p) {
    const section = 'Purge by the store (rows: end of run → purge(now) → purge(now+25 h))';
    for (const table of ['sessions', 'nonces', 'client_tokens', 'access_tokens', 'audit_log'] as const) {
      const due = table === 'audit_log' ? '' : ` (due at now ${n(p.dueAtNow.before[table])} → ${n(p.dueAtNow.after[table])})`;
      add(
        section,
        table,
        `${n(p.before[table])} → ${n(p.afterNow[table])} → ${n(p.afterFuture[table])}${due}`,
        table === 'audit_log' ? 'kept' : 'due 0, live kept, 0 at +25 h',
      );
    }
    add(section, 'every due row removed, every live row kept, the audit log untouched', p.pass ? 'yes' : 'no', 'yes', p.pass);
  }
  return rows;
}

/** The rows of one concurrency's rounds, under `section`. */
function throughputRows(add: AddRow, section: string, t: Throughput | undefined): void {
  const codes = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${k}:${n(v)}`)
      .join(' ');
  const rounds = t?.rounds ?? [];
  const range = (values: number[], digits = 0) => `${n(Math.min(...values), digits)}–${n(Math.max(...values), digits)}`;
  if (rounds.length > 1) {
    add(
      section,
      `${rounds.length} paired rounds: exchange req/s, CPU ms per exchange, /healthz req/s`,
      `${range(rounds.map((x) => x.exchangeRequestsPerSec))} · ${range(
        rounds.map((x) => x.serverCpuMsPerExchange),
        3,
      )} · ${range(rounds.map((x) => x.healthzRequestsPerSec))}`,
      'the median round below; ratios: the median of the rounds’ own',
    );
  }
  add(
    section,
    `GET /healthz req/s (c=${t?.healthz.connections ?? '?'}, ${t?.healthz.durationS ?? '?'} s)`,
    t ? n(t.healthz.requestsPerSec) : 'n/a',
  );
  add(section, 'GET /healthz latency p50 / p99', t ? `${ms(t.healthz.latencyMs.p50)} / ${ms(t.healthz.latencyMs.p99)}` : 'n/a');
  add(
    section,
    `exchange req/s (c=${t?.exchange.connections ?? '?'}, ${t?.exchange.durationS ?? '?'} s)`,
    t ? n(t.exchange.requestsPerSec) : 'n/a',
    `≥ ${n(TARGETS.exchangeRps)}`,
    check(t?.exchange.requestsPerSec, (v) => v >= TARGETS.exchangeRps),
  );
  add(section, 'exchange latency p50 / p99', t ? `${ms(t.exchange.latencyMs.p50)} / ${ms(t.exchange.latencyMs.p99)}` : 'n/a');
  add(
    section,
    'exchange answers by code',
    t ? codes(t.exchange.codes) : 'n/a',
    'all 0',
    check(t ? Object.keys(t.exchange.codes).filter((k) => k !== '0').length : undefined, (v) => v === 0),
  );
  add(
    section,
    'exchange / healthz',
    t ? `${n(t.ratio * 100, 1)} %` : 'n/a',
    `≥ ${TARGETS.exchangeVsHealthz * 100} %`,
    check(t?.ratio, (v) => v >= TARGETS.exchangeVsHealthz),
  );
  const c = t?.serverCpuMsPerRequest;
  add(section, 'server CPU per request, healthz / exchange', c ? `${n(c.healthz, 3)} / ${n(c.exchange, 3)} ms` : 'n/a');
  add(
    section,
    'exchange capacity on one free core (1000 / CPU ms)',
    c ? `${n(1000 / c.exchange)} req/s` : 'n/a',
    `(≥ ${n(TARGETS.exchangeRps)})`,
    check(c ? 1000 / c.exchange : undefined, (v) => v >= TARGETS.exchangeRps),
  );
  add(
    section,
    'exchange / healthz by server CPU',
    t?.cpuRatio !== undefined ? `${n(t.cpuRatio * 100, 1)} %` : 'n/a',
    `(≥ ${TARGETS.exchangeVsHealthz * 100} %)`,
    check(t?.cpuRatio, (v) => v >= TARGETS.exchangeVsHealthz),
  );
  add(section, 'CPU during /healthz run (% of one core)', cpu(t?.healthz.cpu));
  add(section, 'CPU during exchange run (% of one core)', cpu(t?.exchange.cpu));
  const f = t?.floor;
  if (!f) return;
  add(
    section,
    'floor (key read + two seals on bare Fastify, no store): exchange / its /healthz req/s',
    `${n(f.exchange.requestsPerSec)} / ${n(f.healthz.requestsPerSec)}`,
  );
  add(
    section,
    'floor exchange / its /healthz, by req/s · by server CPU',
    `${n(f.ratio * 100, 1)} % · ${n(f.cpuRatio * 100, 1)} %`,
    'what no server on this stack goes past',
  );
  add(
    section,
    'server CPU per exchange, Cardveil / floor',
    c ? `${n(c.exchange, 3)} / ${n(f.serverCpuMsPerRequest.exchange, 3)} ms` : 'n/a',
  );
}
