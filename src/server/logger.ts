import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Logs never hold a token, card data, API secret or Access-Token (DESIGN §6). Fastify's
 * request serializer logs method, path and IP only; these paths are redacted anyway in
 * case a header or body is ever logged, and the e2e suite greps a full run's log.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
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
