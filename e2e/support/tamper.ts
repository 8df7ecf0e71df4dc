import type { BrowserContext, Page, Route } from '@playwright/test';
import type { ExchangeResponse } from '../../src/shared/api.js';

/** The frame's exchange request, wherever the display server listens. */
export const SESSIONS = '**/api/v1/pci/display/sessions';

/**
 * Sends the intercepted request on from the test, as an attacker who captured it would:
 * Playwright does not pass the browser's Fetch Metadata on, so they are set here, and
 * anything else can be overridden.
 */
export function resend(route: Route, overrides: Record<string, string> = {}, postData?: string) {
  const headers = {
    ...route.request().headers(),
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'cors',
    'sec-fetch-dest': 'empty',
  };
  return route.fetch({ headers: { ...headers, ...overrides }, postData });
}

/**
 * Rewrites the exchange's answer, as a tampering proxy would: every answer, or with
 * `once` the first only (a retry then gets an honest one).
 */
export function tamperExchange(target: BrowserContext | Page, edit: (data: ExchangeResponse) => void, { once = false } = {}) {
  let tampered = false;
  return target.route(SESSIONS, async (route: Route) => {
    if (once && tampered) return route.continue();
    tampered = true;
    const response = await resend(route);
    const body = await response.json();
    if (body.code === 0) edit(body.data);
    await route.fulfill({ response, json: body });
  });
}

/** An edit for tamperExchange: one envelope's wrapped key flipped, so that envelope alone fails to open. */
export function spoilWrappedKey(group: 'card' | 'pin') {
  return (data: ExchangeResponse): void => {
    data.envelopes[group]!.ek = flip(data.envelopes[group]!.ek);
  };
}

/**
 * Edits for tamperExchange on an envelope's AES-GCM part (the card's unless named): the
 * wrapped key still opens, so the frame reaches `ready`, and the forgery shows when a value
 * is decrypted, at reveal.
 */
export function spoilSealedPart(part: 'ct' | 'tag' | 'iv', group: 'card' | 'pin' = 'card') {
  return (data: ExchangeResponse): void => {
    data.envelopes[group]![part] = flip(data.envelopes[group]![part]);
  };
}

/** The card and PIN envelopes trade places, each still labelled (`aad`) as what it was. */
export function swapEnvelopes(data: ExchangeResponse): void {
  [data.envelopes.card, data.envelopes.pin] = [data.envelopes.pin!, data.envelopes.card!];
}

/**
 * The PIN's envelope put in the card's place, relabelled as the card's: the label check
 * passes, and AES-GCM, which authenticated the original label, refuses it at reveal.
 */
export function relabelPinAsCard(data: ExchangeResponse): void {
  data.envelopes.card = { ...data.envelopes.pin!, aad: data.envelopes.card!.aad };
}

/** Another session's id on this session's envelopes: they name the session they were sealed for. */
export function renameSession(data: ExchangeResponse): void {
  data.session_id = `${data.session_id.slice(0, -4)}xxxx`;
}

/** Flips one bit in the middle of a base64 value: still well-formed, no longer authentic. */
function flip(b64: string): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[bytes.length >> 1]! ^= 0x01;
  return bytes.toString('base64');
}
