import { DisplayFailure } from '../api/display-failure.js';
import type { HostState } from '../bridge/frame-host.js';
import type { CardViewState } from '../display/card-view.js';

/** The one state the root element shows, as tests and the SDK read it from `data-state`. */
export type FrameView =
  { state: 'loading' } | { state: 'ready' } | { state: 'expired' } | { state: 'error'; code: number; reason?: string };

export interface ExchangeStatus {
  status: 'pending' | 'error' | 'success';
  error?: Error | null;
}

/** Folds the host, the exchange and the card view into that state, earliest failure first. */
export function deriveFrameView(host: HostState, exchange: ExchangeStatus, card: CardViewState | null): FrameView {
  if (host.phase === 'failed' && host.failure) {
    return { state: 'error', code: host.failure.code, reason: host.failure.reason };
  }
  if (host.phase === 'waiting') return { state: 'loading' };
  if (exchange.status === 'error') {
    const e = exchange.error;
    return e instanceof DisplayFailure
      ? { state: 'error', code: e.code, ...(e.reason ? { reason: e.reason } : {}) }
      : { state: 'error', code: 1001 };
  }
  if (!card) return { state: 'loading' };
  if (card.status === 'error') return { state: 'error', code: card.errorCode ?? 4019 };
  return { state: card.status };
}
