import type { FastifyRequest } from 'fastify';
import { ZodError, type ZodType } from 'zod';
import { parseLocale, type Locale } from '../../shared/locale.js';
import { ApiError } from '../errors.js';

/** The `Language` header picks the language of `msg`; anything unknown is en_US. */
export function localeOf(req: FastifyRequest): Locale {
  return parseLocale(req.headers.language);
}

export function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * A body key as the answer's `msg` may name it: an identifier of at most 64 characters, ours
 * (snake_case) or the caller's mistake (`parentOrigin` for `parent_origin`, which an
 * integrator needs to see). Any other key is the caller's text (markup, 16 KiB of it), so it
 * is `body`.
 */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const fieldName = (key: unknown): string => (typeof key === 'string' && FIELD_NAME.test(key) ? key : 'body');

/**
 * Parses a body with its schema; the first problem becomes 1004 naming the snake_case
 * field (DESIGN §3), or `body` when the body itself is the problem. A NUL anywhere is
 * refused first: PostgreSQL cannot store one (SQLite can), so letting it through would
 * make the two store families answer the same request differently.
 */
export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  const nul = fieldHoldingNul(body);
  if (nul !== null) throw new ApiError(1004, fieldName(nul));
  try {
    return schema.parse(body);
  } catch (e) {
    if (e instanceof ZodError) {
      const issue = e.issues[0];
      const key = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.find((p) => typeof p === 'string');
      throw new ApiError(1004, fieldName(key));
    }
    throw e;
  }
}

/**
 * The field naming a string (or key) in the body that holds U+0000, or null: the first
 * object key on its path, as the ZodError above is named, else `body`. Walked breadth-first
 * without recursion, since a 16 KiB body can nest thousands of levels deep.
 */
function fieldHoldingNul(body: unknown): string | null {
  const queue: [value: unknown, field: string | undefined][] = [[body, undefined]];
  for (let i = 0; i < queue.length; i++) {
    const [value, field] = queue[i]!;
    if (typeof value === 'string' && value.includes('\0')) return field ?? 'body';
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\0')) return field ?? 'body';
      queue.push([child, field ?? (Array.isArray(value) ? undefined : key)]);
    }
  }
  return null;
}

const RAW_BODY = Symbol('raw body');
type WithRawBody = FastifyRequest & { [RAW_BODY]?: Buffer };

/** Keeps a request body's bytes as they came (app.ts's JSON parser), for what is signed over them. */
export function keepRawBody(req: FastifyRequest, body: Buffer): void {
  (req as WithRawBody)[RAW_BODY] = body;
}

/** The body's bytes as they came; empty when there was none. */
export function rawBodyOf(req: FastifyRequest): Buffer {
  return (req as WithRawBody)[RAW_BODY] ?? Buffer.alloc(0);
}

/** Strict: a body that is not UTF-8 is refused, not read with replacement characters. */
export const UTF8 = new TextDecoder('utf-8', { fatal: true });
