import { useEffect, useId, useRef, useState } from 'react';
import type { Locale } from '../../shared/locale.js';
import type { Messages } from '../i18n.js';
import { RetryButton } from './retry-button.js';
import { isRetryable, nextStep, type StateEntry } from './state-entry.js';
import { useSecondsLeft } from './use-seconds-left.js';

export interface StateNoticeProps {
  entry: StateEntry;
  /** shown in small print; none for expiry, which is not an error */
  code?: number;
  t: Messages;
  locale: Locale;
  /** the parent can mount a fresh view */
  onRetry?: () => void;
  /** seconds before a fresh view can pass (a 1009's Retry-After): Retry counts them down */
  retryAfter?: number;
  /** a native app can close the page */
  onClose?: () => void;
}

/**
 * An error or the end of the session: what happened, what to do, and the code. An error
 * is an alert, read as it appears; the end of the session is said by the live region
 * (live-region.tsx). When the cardholder was working in the frame, the control they were
 * on is gone with the card, so focus moves here: to what they can do next, which then
 * carries the news instead of the alert, else the title.
 */
export function StateNotice({ entry, code, t, locale, onRetry, retryAfter, onClose }: StateNoticeProps) {
  const copy = entry.text[locale];
  const retry = onRetry && isRetryable(entry);
  const wait = useSecondsLeft(retryAfter);
  const title = useRef<HTMLHeadingElement>(null);
  const action = useRef<HTMLButtonElement>(null);
  // Focus may land on an action while the notice is announced: the action carries the
  // reason, or a reader would say only "Reload, button".
  const id = useId();
  const explained = `${id}-title ${id}-detail`;
  // Where focus lands on an action, the action says it all (its description): the notice is
  // no alert then, or a screen reader would read the same words twice.
  const [toAction] = useState(() => !!(retry || onClose) && typeof document !== 'undefined' && document.hasFocus());
  useEffect(() => {
    if (document.hasFocus()) (action.current ?? title.current)?.focus();
  }, []);
  return (
    <section className="cv-panel cv-notice" role={code === undefined || toAction ? undefined : 'alert'}>
      <h1 className="cv-notice-title" id={`${id}-title`} ref={title} tabIndex={-1}>
        {copy.title}
      </h1>
      <p className="cv-notice-detail" id={`${id}-detail`}>
        {nextStep(copy, !!retry)}
      </p>
      {code !== undefined && <p className="cv-code">{t.errorCode(code)}</p>}
      {(retry || onClose) && (
        <div className="cv-notice-actions">
          {retry && (
            <RetryButton
              label={entry.action === 'reload' ? t.reload : t.retry}
              testId="retry"
              onRetry={onRetry}
              waiting={wait > 0 ? t.retryIn(wait) : undefined}
              buttonRef={action}
              describedBy={explained}
            />
          )}
          {onClose && (
            <button
              type="button"
              className="cv-action cv-action-quiet"
              data-testid="close"
              ref={retry ? undefined : action}
              aria-describedby={retry ? undefined : explained}
              onClick={onClose}
            >
              {t.close}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
