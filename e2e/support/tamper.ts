import type { BrowserContext, Page, Route } from '@playwright/test';
import type { ExchangeResponse } from '../../src/shared/api.js';

/** The frame's exchange request, wherever the display server listens. */
export const SESSIONS = '**/api/v1/pci/display/sessions';

/**
 * Sends the intercepted request on from the test, as an attacker who captured it would:
 * Playwright does not pass the browser's Fetch Metadata on, so they are set here, and
 * anything else can be overridden.
 */
export function resend(route: Route, overrides: Record<string, string> = {}) {
  const headers = {
    ...route.request().headers(),
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'cors',
    'sec-fetch-dest': 'empty',
  };
  return route.fetch({ headers: { ...headers, ...overrides } });
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

/** Flips one bit in the middle of a base64 value: still well-formed, no longer authentic. */
function flip(b64: string): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[bytes.length >> 1]! ^= 0x01;
  return bytes.toString('base64');
}
