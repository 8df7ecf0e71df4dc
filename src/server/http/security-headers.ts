import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Headers every response carries (DESIGN §6). Pages add their own CSP; the API and
 * anything else gets one that allows nothing and can be framed by no one.
 */
export const BASE_HEADERS: Record<string, string> = {
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': 'clipboard-write=(self), clipboard-read=(), camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export const API_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function setHeaders(reply: FastifyReply, headers: Record<string, string>): void {
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
}

/**
 * Adds the headers above to a reply, those the route has not set itself (pages and the SDK
 * set their own CSP and caching). Browsers that reached us over https once keep to it
 * (HSTS), which is never sent over plain http.
 *
 * Which set is chosen by the route that answered, never by the raw URL: Fastify routes
 * `/%61pi/…` to `/api/…`, so a prefix test on `req.url` would leave an API answer without
 * its headers. An answer no route gave (unknown path, undecodable URL) gets the API's too.
 */
export function createSecurityHeaders(publicOrigin: string) {
  const base = baseHeadersFor(publicOrigin);
  const api = apiHeadersFor(publicOrigin);
  return function addSecurityHeaders(req: FastifyRequest, reply: FastifyReply): void {
    const route = req.routeOptions.url;
    const headers = route === undefined || route.startsWith('/api/') ? api : base;
    for (const [k, v] of Object.entries(headers)) if (!reply.hasHeader(k)) reply.header(k, v);
  };
}

/** The headers every response of a server at `publicOrigin` carries: HSTS only over https. */
function baseHeadersFor(publicOrigin: string): Record<string, string> {
  return publicOrigin.startsWith('https:')
    ? { ...BASE_HEADERS, 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' }
    : BASE_HEADERS;
}

/** An API answer's headers, whole: also for what is written without a reply (client-errors.ts). */
export function apiHeadersFor(publicOrigin: string): Record<string, string> {
  return { ...baseHeadersFor(publicOrigin), ...API_HEADERS };
}
