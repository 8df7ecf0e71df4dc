import type { CardSummary } from '../../shared/api.js';
import type { CardField } from '../../shared/fields.js';
import type { Locale } from '../../shared/locale.js';
import { PROTOCOL_VERSION, message, type FrameError, type FrameToParentMessage } from '../../shared/protocol.js';
import { INVALID_PARAMETER, namingField } from '../../shared/error-codes.js';
import { displayError } from '../states/state-entry.js';

/** What leaves the frame: protocol v1 messages, plus `close` for a native web view. */
export type OutboundMessage = FrameToParentMessage | { cardveil: typeof PROTOCOL_VERSION; type: 'close' };
export type Send = (msg: OutboundMessage) => void;

type Of<T extends FrameToParentMessage['type']> = Extract<FrameToParentMessage, { type: T }>;

/**
 * The frame's outgoing events. Each names a field or a code and never carries a value,
 * nor anything derived from one (not even a length). `ready`, `expired` and each
 * whole-frame error code go out once, however often React re-runs the effect that
 * reports them; a failure inside a part of the frame, once per failure.
 */
export interface FrameEvents {
  ready(fields: CardField[], card: CardSummary): void;
  field(type: 'reveal' | 'hide' | 'copy', field: CardField): void;
  /**
   * An error state (DESIGN §7: onError hears of every one). Without `failure`, the whole
   * frame's: once per code. With it, a failure inside a part of the frame that leaves the
   * card usable (the transactions panel), where the same code can come again for a new
   * request: once per `failure`, the error object itself. `retryAfter`: a 1009's wait in
   * seconds, where the server gave one; `part`: where a failure that leaves the rest of the
   * card usable happened (the transactions panel, the PIN).
   */
  error(code: number, reason?: string, more?: { failure?: object; retryAfter?: number; part?: FrameError['part'] }): void;
  /** An option the frame set aside, each time: 1004, `reason` naming it. The card shows without it. */
  refused(reason: string): void;
  expired(): void;
  resize(height: number): void;
  /** the cardholder asked for a fresh view (the SDK mounts a new frame) */
  retry(): void;
  /** the cardholder asked a native app to close the page */
  close(): void;
}

export function createFrameEvents(send: Send, currentLocale: () => Locale): FrameEvents {
  const once = new Set<string>();
  let height = -1;
  const first = (key: string): boolean => !once.has(key) && Boolean(once.add(key));
  const reported = new WeakSet<object>();
  return {
    ready(fields, card) {
      if (first('ready')) send(message<Of<'ready'>>({ type: 'ready', fields, card: { ...card } }));
    },
    field(type, field) {
      send(message<Of<typeof type>>({ type, field }));
    },
    error(code, reason, { failure, retryAfter, part } = {}) {
      if (failure ? !reported.has(failure) && Boolean(reported.add(failure)) : first(`error:${code}`)) {
        const error: FrameError = {
          ...displayError(code, currentLocale(), reason),
          ...(retryAfter ? { retryAfter } : {}),
          ...(part ? { part } : {}),
        };
        send(message<Of<'error'>>({ type: 'error', error }));
      }
    },
    refused(reason) {
      const locale = currentLocale();
      const error = {
        code: 1004,
        message: namingField(reason, INVALID_PARAMETER[locale], locale),
        locale,
        reason,
        retryable: false,
      };
      send(message<Of<'error'>>({ type: 'error', error }));
    },
    expired() {
      if (first('expired')) send(message<Of<'expired'>>({ type: 'expired' }));
    },
    resize(next) {
      if (next !== height) send(message<Of<'resize'>>({ type: 'resize', height: (height = next) }));
    },
    retry() {
      send(message<Of<'retry'>>({ type: 'retry' }));
    },
    close() {
      send({ cardveil: PROTOCOL_VERSION, type: 'close' });
    },
  };
}
