import { z } from 'zod';
import { isCidr } from './http/ip-allow.js';
import { originOf } from '../shared/origin.js';
import { invalidConfiguration, parsePort, PORT_RULE } from '../shared/config-error.js';

/**
 * Environment, validated once at start-up. A bad value stops the process with a
 * sentence naming the variable, not a stack trace deep inside a route.
 */
const flag = z.enum(['0', '1', 'true', 'false', 'on', 'off']).transform((v) => v === '1' || v === 'true' || v === 'on');

const origin = z.string().refine((v) => {
  try {
    return new URL(v).origin === v;
  } catch {
    return false;
  }
}, 'must be an origin such as http://127.0.0.1:8787 (scheme, host, port; no path or trailing slash)');

/**
 * Whose word on the client address (X-Forwarded-For) counts: the proxies' own addresses or
 * CIDRs. Never "every hop": the leftmost entry is the client's to write, and would pass
 * API-key IP allow-lists and per-IP limits. Nor a hop count, which trusts whoever connects,
 * a client that reaches an instance directly included (Fastify 5.12 refuses it for that too).
 */
const trustedProxies = z.string().transform((v, ctx): false | string[] => {
  if (['', '0', 'false', 'off'].includes(v)) return false;
  const proxies = v.split(',').map((p) => p.trim());
  if (proxies.every(isCidr)) return proxies;
  ctx.addIssue({
    code: 'custom',
    message: "must list the proxies' addresses or CIDRs, such as 10.0.0.0/8,192.0.2.7 (a hop count would trust any client)",
  });
  return z.NEVER;
});

const storeUrl = (schemes: string[], example: string) =>
  z.string().refine((v) => {
    try {
      return schemes.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL such as ${example}`);

const schema = z.object({
  // an empty PORT would coerce to 0: a random port, behind a PUBLIC_ORIGIN naming port 0
  PORT: z
    .string()
    .transform((v, ctx) => parsePort(v) ?? (ctx.addIssue({ code: 'custom', message: PORT_RULE }), z.NEVER))
    .default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_ORIGIN: origin.optional(),
  CARDVEIL_DB: z.string().min(1).default('./data/cardveil.sqlite'),
  CARDVEIL_DATA_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex digits or base64')
    .optional(),
  /** scaled out (both set): Redis for tokens, nonces, sessions and rate limits */
  REDIS_URL: storeUrl(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, ":", "_" or "-" (at most 64)')
    .default('cardveil:'),
  /** scaled out (both set): PostgreSQL for merchants, API keys, cards, transactions and the audit log */
  DATABASE_URL: storeUrl(['postgres:', 'postgresql:'], 'postgres://user:password@127.0.0.1:5432/cardveil').optional(),
  ALLOW_MISSING_FETCH_METADATA: flag.default(false),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  /** a person views one card a few times a minute; a loop presenting tokens for it does not */
  // as many as one address may exchange at all (rate-limits.ts): a single client viewing one
  // card, a test suite included, meets the per-address limit first
  EXCHANGES_PER_CARD_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** a merchant's whole card base: a ceiling no single client or card reaches */
  EXCHANGES_PER_MERCHANT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(3000),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FRAME_DIST: z.string().default('./dist/frame'),
  SDK_DIST: z.string().default('./dist/sdk'),
  TRUST_PROXY: trustedProxies.default(false),
});

export type Config = Omit<z.infer<typeof schema>, 'PUBLIC_ORIGIN'> & { PUBLIC_ORIGIN: string };

/** Scaled out (Redis + PostgreSQL) when both store URLs are set; loadConfig refuses one alone. */
export function isScaledOut<C extends Pick<Config, 'REDIS_URL' | 'DATABASE_URL'>>(
  c: C,
): c is C & { REDIS_URL: string; DATABASE_URL: string } {
  return Boolean(c.REDIS_URL && c.DATABASE_URL);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw invalidConfiguration(...lines);
  }
  const c = parsed.data;
  const scaledVars = [c.REDIS_URL, c.DATABASE_URL].filter(Boolean).length;
  if (scaledVars === 1) {
    throw invalidConfiguration('REDIS_URL and DATABASE_URL: set both to scale out, or neither for SQLite');
  }
  if (isScaledOut(c) && !c.CARDVEIL_DATA_KEY) {
    // instances must all open the same sealed cards: a per-host development key cannot do that
    throw invalidConfiguration('CARDVEIL_DATA_KEY: required when scaled out (REDIS_URL and DATABASE_URL)');
  }
  const publicOrigin = c.PUBLIC_ORIGIN ?? originOf(c.HOST, c.PORT);
  if (publicOrigin === undefined) {
    throw invalidConfiguration('HOST: cannot make an origin of it; set PUBLIC_ORIGIN');
  }
  return { ...c, PUBLIC_ORIGIN: publicOrigin };
}
