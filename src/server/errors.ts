import { errorMessage, isErrorCode, type ErrorCode } from '../shared/error-codes.js';
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

export function errorBody(code: number, locale: Locale, field?: string) {
  const known: ErrorCode = isErrorCode(code) ? code : 1001;
  return { code: known, msg: errorMessage(known, locale, field) };
}

export function okBody<T>(data: T, locale: Locale) {
  return { code: 0 as const, msg: errorMessage(0, locale), data };
}
