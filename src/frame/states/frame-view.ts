import { DisplayFailure } from '../api/display-failure.js';
import type { HostState } from '../bridge/frame-host.js';
import type { CardViewState } from '../display/card-view.js';

/**
 * The one state of the frame, as `data-state` on the root element shows it. The one exception
 * is a 1014 the SDK is about to refresh: reported to the parent at once, shown as `loading`
 * for a moment (app/use-refresh-grace.ts).
 */
export type FrameView =
  | { state: 'loading' }
  | { state: 'ready' }
  | { state: 'expired' }
  /** `retryAfter`: the seconds a 1009 asks the cardholder to wait before trying again */
  | { state: 'error'; code: number; reason?: string; retryAfter?: number };

export interface ExchangeStatus {
  status: 'pending' | 'error' | 'success';
  error?: Error | null;
}

/** Folds the host, the exchange and the card view into that state, earliest failure first. */
export function deriveFrameView(host: HostState, exchange: ExchangeStatus, card: CardViewState | null): FrameView {
  if (host.phase === 'failed' && host.failure) {
    const { code, reason, retryAfter } = host.failure;
    return { state: 'error', code, reason, ...(retryAfter ? { retryAfter } : {}) };
  }
  if (host.phase === 'waiting') return { state: 'loading' };
  if (exchange.status === 'error') {
    const e = exchange.error;
    return e instanceof DisplayFailure
      ? {
          state: 'error',
          code: e.code,
          ...(e.reason ? { reason: e.reason } : {}),
          ...(e.retryAfter ? { retryAfter: e.retryAfter } : {}),
        }
      : { state: 'error', code: 1001 };
  }
  if (!card) return { state: 'loading' };
  if (card.status === 'error') return { state: 'error', code: card.errorCode ?? 4019 };
  return { state: card.status };
}
