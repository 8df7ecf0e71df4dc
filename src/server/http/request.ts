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
 * Parses a body with its schema; the first problem becomes 1004 naming the snake_case
 * field (DESIGN §3), or `body` when the body itself is the problem.
 */
export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  try {
    return schema.parse(body);
  } catch (e) {
    if (e instanceof ZodError) {
      const issue = e.issues[0];
      const key = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.find((p) => typeof p === 'string');
      throw new ApiError(1004, typeof key === 'string' ? key : 'body');
    }
    throw e;
  }
}

/** Whether `value` is exactly an origin (scheme://host[:port]), nothing more. */
export function isOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value;
  } catch {
    return false;
  }
}
