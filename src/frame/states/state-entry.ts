import type { Locale } from '../../shared/locale.js';
import type { DisplayError } from '../../shared/protocol.js';
import { COPY_NETWORK, stateCopyFor, type StateAction, type StateCopy } from '../../shared/state-copy.js';

export interface StateEntry {
  action: StateAction;
  text: Record<Locale, StateCopy>;
}

/** The cardholder's copy for an error: a failed fetch is 1001 on the wire but reads as offline. */
export function entryFor(code: number, reason?: string): StateEntry {
  return reason === 'network' ? COPY_NETWORK : stateCopyFor(code);
}

/** The next step to show: the one that names the Retry or Reload button only when that button is there. */
export function nextStep(copy: StateCopy, retryOffered: boolean): string {
  return retryOffered ? copy.detail : (copy.detailWithoutRetry ?? copy.detail);
}

/** Whether a fresh view (a new token from the merchant) can get past this state. */
export function isRetryable(entry: StateEntry): boolean {
  return entry.action === 'retry' || entry.action === 'reload';
}

/** What the parent page and a native app learn: code and words, never a value. */
export function displayError(code: number, locale: Locale, reason?: string): DisplayError {
  const entry = entryFor(code, reason);
  return {
    code,
    message: entry.text[locale].title,
    locale,
    ...(reason ? { reason } : {}),
    retryable: isRetryable(entry),
  };
}
