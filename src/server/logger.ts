import { pino, type Logger, type LoggerOptions } from 'pino';

import type { FastifyRequest } from 'fastify';

/** The query parameters whose values a log may show: public ids and a locale. */
const SHOWN_QUERY = new Set(['merchant_id', 'frame_id', 'locale']);
/** A run as long as a secret's random part (newSecret: 43 base64url characters), wherever it stands. */
const SECRET_LIKE = /[A-Za-z0-9_-]{40,}/g;

/**
 * A request URL as the log shows it. A merchant who puts a token in a query (`/hosted?token=…`
 * rather than the fragment) or a path must not get it logged: the query keeps only the values
 * of SHOWN_QUERY, and anything shaped like a secret is cut wherever it stands.
 */
export function loggedUrl(url: string): string {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const query =
    at < 0
      ? ''
      : `?${[...new URLSearchParams(url.slice(at + 1))].map(([k, v]) => (SHOWN_QUERY.has(k) ? `${k}=${v}` : '[redacted]')).join('&')}`;
  return (path + query).replace(SECRET_LIKE, '[redacted]');
}

/**
 * Logs never hold a token, card data, API secret or Access-Token (DESIGN §6). The request
 * serializer logs method, URL (through loggedUrl) and IP only; these paths are redacted
 * anyway in case a header or body is ever logged, and the e2e suite greps a full run's log.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: loggedUrl(req.url), remoteAddress: req.ip }),
    },
    redact: {
      paths: [
        'req.headers["access-token"]',
        'req.headers["api-key"]',
        'req.headers.signature',
        'req.headers.authorization',
        'req.headers.cookie',
        'body',
        'req.body',
        '*.client_access_token',
        '*.access_token',
        '*.api_secret',
        '*.pan',
        '*.cvv',
        '*.pin',
        '*.token',
      ],
      censor: '[redacted]',
    },
  };
}

/** The process's logger, made before the app so start-up and store events share it. */
export function createLogger(level: string): Logger {
  return pino(loggerOptions(level));
}
