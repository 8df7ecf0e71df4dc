import { randomBytes } from 'node:crypto';
import autocannon, { type Result } from 'autocannon';
import { DISPLAY_ROUTES, NONCE_HEADER, TIMESTAMP_HEADER } from '../src/shared/api.js';
import { round } from './stats.js';

/**
 * autocannon, in this process, against the real server over loopback. The load
 * generator and the server share the machine's 2 cores: the figures are for that setup.
 */
export interface LoadFigures {
  route: string;
  connections: number;
  durationS: number;
  /** autocannon's mean of per-second samples */
  requestsPerSec: number;
  total: number;
  latencyMs: { p50: number; p99: number; mean: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** the `code` of each JSON answer (0 = success), counted */
  codes: Record<string, number>;
}

function figures(route: string, connections: number, r: Result, codes: Record<string, number>): LoadFigures {
  return {
    route,
    connections,
    durationS: r.duration,
    requestsPerSec: round(r.requests.average, 0),
    total: r.requests.total,
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, mean: round(r.latency.mean, 2), max: r.latency.max },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    codes,
  };
}

const countCode = (codes: Record<string, number>) => (_status: number, body: string) => {
  const code = /^\{"code":(-?\d+)/.exec(body)?.[1] ?? 'unparsed';
  codes[code] = (codes[code] ?? 0) + 1;
};

export async function loadHealthz(display: string, connections: number, durationS: number): Promise<LoadFigures> {
  const codes: Record<string, number> = {};
  const r = await autocannon({
    url: `${display}/healthz`,
    connections,
    duration: durationS,
    requests: [{ method: 'GET', onResponse: countCode(codes) }],
  });
  return figures('GET /healthz', connections, r, codes);
}

export interface ExchangeSetup {
  display: string;
  /** what the server expects in Origin: its own PUBLIC_ORIGIN */
  publicOrigin: string;
  parentOrigin: string;
  publicKey: string;
  /** fresh tokens, each used at most once */
  tokens: string[];
  /** the floor server (bench/floor-server.ts) spends no token: go round the list instead of stopping at its end */
  cycleTokens?: boolean;
}

export interface ExchangeFigures extends LoadFigures {
  tokensSent: number;
  poolExhausted: boolean;
}

/**
 * POST /api/v1/pci/display/sessions with the headers the frame's fetch carries in
 * Chromium, a unique nonce and a fresh token per request. `amount` (a fixed number of
 * requests) or `durationS`.
 */
export async function loadExchange(
  s: ExchangeSetup,
  connections: number,
  run: { durationS: number } | { amount: number },
): Promise<ExchangeFigures> {
  const codes: Record<string, number> = {};
  const bodies = s.tokens.map((t) =>
    JSON.stringify({ client_access_token: t, mode: 'embed', parent_origin: s.parentOrigin, public_key: s.publicKey }),
  );
  let next = 0;
  let exhausted = false;
  const instance = autocannon({
    url: s.display + DISPLAY_ROUTES.sessions,
    connections,
    timeout: 30,
    ...('amount' in run ? { amount: run.amount } : { duration: run.durationS }),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          if (next >= bodies.length && !s.cycleTokens) {
            // out of fresh tokens: stop, and let the last requests fail visibly (code 1014)
            if (!exhausted) setImmediate(() => instance.stop());
            exhausted = true;
          }
          const body = bodies[s.cycleTokens ? next++ % bodies.length : Math.min(next++, bodies.length - 1)]!;
          return {
            ...req,
            headers: {
              'Content-Type': 'application/json',
              Origin: s.publicOrigin,
              'Sec-Fetch-Site': 'same-origin',
              'Sec-Fetch-Mode': 'cors',
              'Sec-Fetch-Dest': 'empty',
              [TIMESTAMP_HEADER]: String(Date.now()),
              [NONCE_HEADER]: randomBytes(16).toString('base64url'),
            },
            body,
          };
        },
        onResponse: countCode(codes),
      },
    ],
  });
  const r = await instance;
  return { ...figures(`POST ${DISPLAY_ROUTES.sessions}`, connections, r, codes), tokensSent: next, poolExhausted: exhausted };
}
