/** The server's windows are a minute: a wait past an hour is not believed. */
const MAX_RETRY_AFTER_S = 3600;

/**
 * A 1009's wait in whole seconds, as the server writes it: the `Retry-After` header, or the
 * refused page's meta (page-refusal.ts). Absent, zero, an HTTP date or anything else is none.
 */
export function parseRetryAfter(value: string | null | undefined): number | undefined {
  const seconds = value?.trim();
  if (!seconds || !/^\d{1,7}$/.test(seconds) || Number(seconds) === 0) return undefined;
  return Math.min(Number(seconds), MAX_RETRY_AFTER_S);
}
