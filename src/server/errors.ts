import { errorMessage, isErrorCode, type ErrorCode } from '../shared/error-codes.js';
import type { FastifyError } from 'fastify';
import type { Locale } from '../shared/locale.js';

/**
 * A business outcome other than success. Routes throw it; the one error handler in
 * app.ts turns it into `{code, msg}` with HTTP 200 (DESIGN §3), in the caller's language.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** snake_case field for parameter errors (1004 and friends) */
    readonly field?: string,
    /** seconds, for 1009 */
    readonly retryAfter?: number,
  ) {
    super(`API error ${code}${field ? ` (${field})` : ''}`);
  }
}

/** Fastify's own refusals of a request body (wrong type, too large, malformed): parameter errors, 1004. */
export function isBodyRefusal(error: FastifyError): boolean {
  return Boolean(error.code?.startsWith('FST_ERR_CTP_') || error.validation || error.statusCode === 400);
}

/** A fault: what the error handler answers with 1001, being neither a business outcome nor a refused body. */
export function isFault(error: FastifyError | ApiError): boolean {
  return !(error instanceof ApiError) && !isBodyRefusal(error);
}

export function errorBody(code: number, locale: Locale, field?: string) {
  const known: ErrorCode = isErrorCode(code) ? code : 1001;
  return { code: known, msg: errorMessage(known, locale, field) };
}

export function okBody<T>(data: T, locale: Locale) {
  return { code: 0 as const, msg: errorMessage(0, locale), data };
}
