import {
  DISPLAY_ROUTES,
  LANGUAGE_HEADER,
  NONCE_HEADER,
  TIMESTAMP_HEADER,
  type DisplayEventRequest,
  type ExchangeRequest,
  type ExchangeResponse,
} from '../../shared/api.js';
import { CARD_TYPES, isGrantableField } from '../../shared/fields.js';
import type { Locale } from '../../shared/locale.js';
import { parseRetryAfter } from '../../shared/retry-after.js';
import { DisplayFailure } from './display-failure.js';
import { learnServerClock, serverClockOffset, serverNow } from './server-clock.js';

/** Headers every display API call carries (DESIGN §5): a fresh nonce each time, the time on the server's clock. */
export function displayHeaders(locale: Locale): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    [LANGUAGE_HEADER]: locale,
    [NONCE_HEADER]: randomNonce(),
    [TIMESTAMP_HEADER]: String(serverNow()),
  };
}

/** 16 bytes from the platform CSPRNG, base64url without padding. */
export function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function post(path: string, body: unknown, locale: Locale, keepalive = false): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: displayHeaders(locale),
    body: JSON.stringify(body),
    // Same origin only, never from a cache, never following a redirect elsewhere.
    mode: 'same-origin',
    cache: 'no-store',
    redirect: 'error',
    referrerPolicy: 'no-referrer',
    keepalive,
  });
}

export interface ExchangeResult {
  data: ExchangeResponse;
  /** how far the server's clock is ahead of ours, from its Date headers (0 without any) */
  clockOffsetMs: number;
}

/** 1005: X-Timestamp outside the server's window, checked before the nonce, the body and the token. */
const CLOCK_REFUSED = 1005;
/** 1009: over a rate limit; the answer's `Retry-After` says for how long */
const RATE_LIMITED = 1009;

/** `Retry-After` in whole seconds, as the server sends it (shared/retry-after.ts). */
export const retryAfterSeconds = (response: Response): number | undefined => parseRetryAfter(response.headers.get('Retry-After'));

/** One request and its answer's code; a failed fetch is 1001 'network', an unreadable body 1001 'bad_response'. */
async function answer(path: string, body: unknown, locale: Locale, keepalive = false) {
  let response: Response;
  try {
    response = await post(path, body, locale, keepalive);
  } catch {
    throw new DisplayFailure(1001, 'network');
  }
  const dated = learnServerClock(response);
  let parsed: { code?: unknown; data?: unknown };
  try {
    parsed = (await response.json()) as typeof parsed;
  } catch {
    throw new DisplayFailure(1001, 'bad_response');
  }
  if (typeof parsed?.code !== 'number') throw new DisplayFailure(1001, 'bad_response');
  const retryAfter = parsed.code === RATE_LIMITED ? retryAfterSeconds(response) : undefined;
  return { code: parsed.code, data: parsed.data, dated, retryAfter };
}

/**
 * One display API call: a non-zero code is that code. `isData` checks the success data
 * field by field before anything reads it. A 1005 goes again once, when its answer said
 * what time the server has: the server refuses a stale timestamp before it remembers the
 * nonce or touches the token (DESIGN §5, step 3), so the first request spent nothing, and
 * the second goes with a fresh nonce, stamped on the server's clock.
 */
export async function callDisplayApi<T>(
  path: string,
  body: unknown,
  locale: Locale,
  isData: (data: unknown) => data is T,
): Promise<T> {
  let result = await answer(path, body, locale);
  if (result.code === CLOCK_REFUSED && result.dated) result = await answer(path, body, locale);
  const { code, data } = result;
  if (code !== 0) throw new DisplayFailure(code, undefined, result.retryAfter);
  if (!isData(data)) throw new DisplayFailure(1001, 'bad_response');
  return data;
}

/**
 * The single-use exchange. No retry but callDisplayApi's one for 1005, which the server
 * answers before it looks at the token: it consumes the token on first sight, so any
 * other second attempt could only ever answer 1014.
 */
export async function exchangeSession(request: ExchangeRequest, locale: Locale): Promise<ExchangeResult> {
  const data = await callDisplayApi(DISPLAY_ROUTES.sessions, request, locale, isExchangeResponse);
  return { data, clockOffsetMs: serverClockOffset() };
}

export function isExchangeResponse(value: unknown): value is ExchangeResponse {
  const v = value as Partial<ExchangeResponse> | null;
  const card = v?.card;
  return (
    typeof v?.session_id === 'string' &&
    v.session_id.length > 0 &&
    typeof v.expires_at === 'string' &&
    Number.isFinite(Date.parse(v.expires_at)) &&
    Array.isArray(v.fields) &&
    v.fields.every(isGrantableField) &&
    typeof card?.brand === 'string' &&
    typeof card.last4 === 'string' &&
    /^\d{4}$/.test(card.last4) &&
    (CARD_TYPES as readonly unknown[]).includes(card.type) &&
    typeof v.envelopes === 'object' &&
    v.envelopes !== null
  );
}

interface PendingEvent {
  event: DisplayEventRequest;
  locale: Locale;
}

/** Audit events not sent yet, oldest first; and whether one is on its way, its answer not in. */
const pendingEvents: PendingEvent[] = [];
let sending = false;

/**
 * Audit trail of reveal/hide/copy: never blocks or fails the UI. It goes out in a task of
 * its own, after the one that changed the view: a fetch() call costs the main thread 1–1.7 ms
 * on this machine's Chromium, which, made in the click's task, held back the revealed value's
 * paint (docs/performance.md). Each event leaves once the one before it is answered, so that
 * the server records them in the order they happened; flushDisplayEvents sends what waits at once.
 */
export function sendDisplayEvent(event: DisplayEventRequest, locale: Locale): void {
  if (pendingEvents.push({ event, locale }) === 1 && !sending) setTimeout(sendNextEvent, 0);
}

function sendNextEvent(): void {
  const next = pendingEvents.shift();
  sending = !!next;
  if (next) void sendEvent(next).finally(sendNextEvent);
}

/**
 * One audit event. A 1005 (this device's clock moved by more than the window since the
 * exchange) goes again once, stamped on the server's clock its answer gave, as
 * callDisplayApi's calls do: without it, every later event would be refused. keepalive: a
 * request made as the page goes must outlive it. Any other refusal, or no answer, is dropped:
 * an audit event never fails the view.
 */
const sendEvent = ({ event, locale }: PendingEvent): Promise<unknown> =>
  answer(DISPLAY_ROUTES.events, event, locale, true)
    .then((first): unknown => first.code === CLOCK_REFUSED && first.dated && answer(DISPLAY_ROUTES.events, event, locale, true))
    .catch(() => undefined);

/** Sends every waiting audit event now, answered or not: from `pagehide`, whose task may be the page's last. */
export function flushDisplayEvents(): void {
  pendingEvents.splice(0).forEach(sendEvent);
}
