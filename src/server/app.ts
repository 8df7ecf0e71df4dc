import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { ApiError, errorBody, isBodyRefusal } from './errors.js';
import { keepRawBody, localeOf, UTF8 } from './http/request.js';
import { createSecurityHeaders } from './http/security-headers.js';
import { createClientErrorHandler } from './http/client-errors.js';
import { createDisplayGuard } from './http/display-guards.js';
import { loggerOptions } from './logger.js';
import type { AppContext } from './context.js';
import { keyedLimit, routeLimits } from './http/rate-limits.js';
import type { Config } from './config.js';
import type { Stores } from './stores/types.js';
import { healthRoutes } from './routes/health.js';
import { merchantAuthRoutes } from './routes/merchant-auth.js';
import { clientAccessTokenRoutes } from './routes/client-access-tokens.js';
import { displaySessionRoutes } from './routes/display-sessions.js';
import { displayEventRoutes } from './routes/display-events.js';
import { displayTransactionRoutes } from './routes/display-transactions.js';
import { embedCheckRoutes } from './routes/embed-check.js';
import { pageRoutes } from './routes/pages.js';
import type { InFlight } from './http/in-flight.js';
import { sdkScriptRoutes } from './routes/sdk-scripts.js';

export interface AppOptions {
  config: Config;
  stores: Stores;
  now?: () => number;
  /** a pino destination for tests that read the log */
  logStream?: NodeJS.WritableStream;
  /** the process's logger (server.ts), shared with what runs before the app */
  logger?: FastifyBaseLogger;
  /** counts the requests being answered, for the store that opened with it (server.ts) */
  inFlight?: InFlight;
  /** REQUEST_TIMEOUT_MS unless a test needs it short */
  requestTimeoutMs?: number;
}

/**
 * How long a client has to send its whole request, headers and body. Fastify's default is
 * no limit at all: a client that sends headers announcing a body and then nothing would hold
 * its connection (and a descriptor) for as long as it liked, a few hundred a minute within
 * the rate limits, and a graceful stop would wait for them. Past it the answer is 408 with
 * 1001 (client-errors.ts), which a client may retry. Our bodies are at most 16 KiB.
 */
const REQUEST_TIMEOUT_MS = 15_000;
/** the headers alone, of a request just connected: at most this (Node's default is 60 s) */
const HEADERS_TIMEOUT_MS = 10_000;

/** Bodies here are small JSON objects; the largest is a 4096-bit public key. */
const BODY_LIMIT = 16 * 1024;

/** A path that cannot be decoded or is too long is a parameter error (1004 `path`); anything else, a fault. */
function answerFrameworkError(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const locale = localeOf(req);
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.code(200).send(errorBody(1004, locale, 'path'));
  }
  req.log.error({ err: { type: error.name, code: error.code, message: error.message } }, 'framework error');
  return reply.code(200).send(errorBody(1001, locale));
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, stores, requestTimeoutMs = REQUEST_TIMEOUT_MS } = opts;
  const logging = opts.logger
    ? { loggerInstance: opts.logger }
    : { logger: { ...loggerOptions(config.LOG_LEVEL), ...(opts.logStream ? { stream: opts.logStream } : {}) } };
  const addSecurityHeaders = createSecurityHeaders(config.PUBLIC_ORIGIN);
  const app = Fastify({
    ...logging,
    bodyLimit: BODY_LIMIT,
    requestTimeout: requestTimeoutMs,
    http: {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs),
      // how often Node looks for requests over their time (its default, 30 s, would let one run 45 s)
      connectionsCheckingInterval: 1_000,
    },
    trustProxy: config.TRUST_PROXY,
    // A URL Fastify cannot decode (`/api/…%`) is refused before routing, so no hook of ours
    // runs on it: answer it here in our envelope, with the headers every response carries.
    frameworkErrors: (error, req, reply) => {
      addSecurityHeaders(req, reply);
      answerFrameworkError(error, req, reply);
    },
    // and bytes Node's HTTP parser refuses, which reach no route
    clientErrorHandler: createClientErrorHandler(config.PUBLIC_ORIGIN),
    // A request that arrives while the server drains (on a connection busy at close(), or
    // pipelined) is answered as usual, with `Connection: close`, the stores still open: not
    // Fastify's bare 503 JSON, which is no envelope a merchant's client or the frame can read.
    return503OnClosing: false,
  });

  // First of all hooks, so that a request refused by any later one is counted too.
  opts.inFlight?.track(app);

  // Bodies are JSON or nothing. Parsed here from the bytes, which are kept: merchant
  // signatures cover exactly those (DESIGN §4). Any other type, text/plain included (whose
  // default parser kept no bytes, so a signature over an empty body passed), is refused:
  // Fastify's 415, answered 1004 `body`. So is JSON that is not valid UTF-8.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer;
    keepRawBody(req, raw);
    try {
      done(null, raw.length === 0 ? undefined : JSON.parse(UTF8.decode(raw)));
    } catch {
      done(new ApiError(1004, 'body'), undefined);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    addSecurityHeaders(req, reply);
    return payload;
  });

  app.setErrorHandler((error: FastifyError | ApiError, req, reply) => {
    const locale = localeOf(req);
    if (error instanceof ApiError) {
      if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter));
      return reply.code(200).send(errorBody(error.code, locale, error.field));
    }
    if (isBodyRefusal(error)) {
      return reply.code(200).send(errorBody(1004, locale, 'body'));
    }
    req.log.error({ err: { type: error.name, code: error.code, message: error.message } }, 'unhandled error');
    return reply.code(200).send(errorBody(1001, locale));
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody(1004, localeOf(req), 'path')));

  await app.register(rateLimit, {
    global: false,
    // Scaled out, the counters live in Redis so a limit counts across every instance;
    // when Redis is down the check fails and the request with it (1001): fail closed.
    ...(stores.rateLimitRedis ? { redis: stores.rateLimitRedis, nameSpace: 'rate:' } : {}),
    errorResponseBuilder: (_req, context) => new ApiError(1009, undefined, Math.ceil(context.ttl / 1000)),
  });
  const limited = config.RATE_LIMITS === 'on';
  const ctx: AppContext = {
    config,
    stores,
    now: opts.now ?? Date.now,
    limits: routeLimits(app, limited),
    exchangeLimits: {
      merchant: keyedLimit(app, limited, 'exchange-merchant', config.EXCHANGES_PER_MERCHANT_PER_MINUTE),
      card: keyedLimit(app, limited, 'exchange-card', config.EXCHANGES_PER_CARD_PER_MINUTE),
    },
  };

  healthRoutes(app, ctx);
  merchantAuthRoutes(app, ctx);
  clientAccessTokenRoutes(app, ctx);
  embedCheckRoutes(app, ctx);
  await app.register(async (display) => {
    // preParsing: after every onRequest hook, the routes' per-IP rate limits among them, so a
    // request refused 1009 has written nothing (no nonce) to the store; still before the body.
    display.addHook('preParsing', createDisplayGuard(ctx));
    displaySessionRoutes(display, ctx);
    displayEventRoutes(display, ctx);
    displayTransactionRoutes(display, ctx);
  });
  pageRoutes(app, ctx);
  sdkScriptRoutes(app, ctx);
  return app;
}
