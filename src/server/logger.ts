import { pino, type Logger, type LoggerOptions } from 'pino';

import type { FastifyRequest } from 'fastify';
import { MERCHANT_ID } from '../shared/api.js';

/**
 * The query parameters whose values a log may show, each only when it has its own shape: a
 * secret cut in two and spread over them (neither half long enough for SECRET_LIKE) is not.
 */
const SHOWN_QUERY = new Map<string, RegExp>([
  ['merchant_id', MERCHANT_ID],
  // five 32-bit words in decimal (sdk/frame-id.ts)
  ['frame_id', /^\d{1,10}(?:_\d{1,10}){4}$/],
  ['locale', /^(?:en_US|zh_CN)$/],
]);
/** A run as long as a secret's random part (newSecret: 43 base64url characters), wherever it stands. */
const SECRET_LIKE = /[A-Za-z0-9_-]{40,}/g;
/** A card number's length in digits, written with or without separators (`-`, `+`, `%20`). */
const CARD_NUMBER_LIKE = /\d(?:(?:-|\+|%20)?\d){11,}/g;

/**
 * A request URL as the log shows it. A merchant who puts a token in a query (`/hosted?token=…`
 * rather than the fragment) or a path, or a card number in a path, must not get it logged:
 * the query keeps only the values of SHOWN_QUERY that have their shape, and anything shaped
 * like a secret or a card number is cut wherever it stands.
 */
export function loggedUrl(url: string): string {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const shown = ([k, v]: [string, string]) => (SHOWN_QUERY.get(k)?.test(v) ? `${k}=${v}` : '[redacted]');
  const query = at < 0 ? '' : `?${[...new URLSearchParams(url.slice(at + 1))].map(shown).join('&')}`;
  return (path + query).replace(SECRET_LIKE, '[redacted]').replace(CARD_NUMBER_LIKE, '[redacted]');
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
