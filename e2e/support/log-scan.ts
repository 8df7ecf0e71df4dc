import type { E2eState } from './env.js';

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1 && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A 13–19 digit number, its digits run together or grouped by single spaces or hyphens
 * (`4111 1111 1111 1111`, as the frame shows it; `3782-822463-10005`).
 */
const PAN_LIKE = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;

/**
 * Lines of a log that hold a Luhn-valid 13–19 digit number (grouped or not), a known test
 * CVV or PIN as a whole number, a bearer token, or the merchant's API secret.
 */
export function findSecretsInLog(log: string, state: Pick<E2eState, 'secrets' | 'merchant'>): string[] {
  const hits: string[] = [];
  const exact = [...state.secrets.pins, ...state.secrets.cvvs].map((v) => new RegExp(`(?<![0-9])${v}(?![0-9])`));
  log.split('\n').forEach((line, i) => {
    const tokens = line.match(/\b(?:cat|mat)_[A-Za-z0-9_-]{20,}/g) ?? [];
    // Pino's own numbers (time, pid, response time, request id) are not card data.
    const values = line.replace(/"(time|pid|responseTime)":[0-9.]+|"reqId":"[^"]*"/g, '');
    const pans = (values.match(PAN_LIKE) ?? []).map((run) => run.replace(/[ -]/g, '')).filter(luhn);
    const exactHit = exact.some((re) => re.test(values));
    if (pans.length || tokens.length || exactHit || line.includes(state.merchant.api_secret)) {
      hits.push(`line ${i + 1}: ${line.slice(0, 200)}`);
    }
  });
  return hits;
}

/** What src/server/server.ts logs once it listens, and once SIGTERM reached it. */
export const DISPLAY_SERVER_READY = 'Cardveil display server ready';
export const DISPLAY_SERVER_STOPPING = 'stopping';

interface LogEntry {
  pid?: unknown;
  msg?: unknown;
}

function entries(log: string): LogEntry[] {
  return log.split('\n').flatMap((line) => {
    try {
      const entry: unknown = JSON.parse(line);
      return typeof entry === 'object' && entry !== null ? [entry as LogEntry] : [];
    } catch {
      return []; // not one of pino's lines
    }
  });
}

/** Whether the display server with this pid has logged, in `log`, that it listens. */
export function loggedStart(log: string, pid: number): boolean {
  return entries(log).some((e) => e.pid === pid && e.msg === DISPLAY_SERVER_READY);
}

/**
 * Why a run's log cannot vouch for the run, or nothing when it can. A scan that finds no
 * secret means something only over the display server's whole log: its start, the requests
 * it served, and its stop, logged once SIGTERM reached it (pino writes synchronously, so
 * every line before it is in the file). The other servers of the run share the file; the
 * display server's lines are those of the process that logged its start.
 */
export function incompleteLog(log: string): string[] {
  if (log.trim() === '') return ['the server log is empty'];
  const all = entries(log);
  const ready = all.find((e) => e.msg === DISPLAY_SERVER_READY);
  if (!ready) return ['the server log holds no start of the display server'];
  const own = all.filter((e) => e.pid === ready.pid);
  const problems: string[] = [];
  if (!own.some((e) => e.msg === 'incoming request') || !own.some((e) => e.msg === 'request completed'))
    problems.push('the server log holds no request the display server served');
  if (!own.some((e) => e.msg === DISPLAY_SERVER_STOPPING))
    problems.push('the server log ends before the display server stopped: cut off, or not flushed');
  return problems;
}
