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
 * field (DESIGN §3), or `body` when the body itself is the problem. A NUL anywhere is
 * refused first: PostgreSQL cannot store one (SQLite can), so letting it through would
 * make the two store families answer the same request differently.
 */
export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  const nul = fieldHoldingNul(body);
  if (nul !== null) throw new ApiError(1004, nul);
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

/** Whether `value` is exactly an origin (scheme://host[:port]), nothing more. */
export function isOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value;
  } catch {
    return false;
  }
}
