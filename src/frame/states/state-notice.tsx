import { useState } from 'react';
import type { Locale } from '../../shared/locale.js';
import type { Messages } from '../i18n.js';
import { isRetryable, type StateEntry } from './state-entry.js';

export interface StateNoticeProps {
  entry: StateEntry;
  /** shown in small print; none for expiry, which is not an error */
  code?: number;
  t: Messages;
  locale: Locale;
  /** the parent can mount a fresh view */
  onRetry?: () => void;
  /** a native app can close the page */
  onClose?: () => void;
}

/** An error or the end of the session: what happened, what to do, and the code. */
export function StateNotice({ entry, code, t, locale, onRetry, onClose }: StateNoticeProps) {
  const copy = entry.text[locale];
  const retry = onRetry && isRetryable(entry);
  // One request for a fresh view is enough; the SDK replaces this frame.
  const [retrying, setRetrying] = useState(false);
  return (
    <section className="cv-panel cv-notice" role={code === undefined ? 'status' : 'alert'}>
      <h1 className="cv-notice-title">{copy.title}</h1>
      <p className="cv-notice-detail">{copy.detail}</p>
      {code !== undefined && <p className="cv-code">{t.errorCode(code)}</p>}
      {(retry || onClose) && (
        <div className="cv-notice-actions">
          {retry && (
            <button
              type="button"
              className="cv-action"
              data-testid="retry"
              disabled={retrying}
              onClick={() => {
                setRetrying(true);
                onRetry();
              }}
            >
              {entry.action === 'reload' ? t.reload : t.retry}
            </button>
          )}
          {onClose && (
            <button type="button" className="cv-action cv-action-quiet" data-testid="close" onClick={onClose}>
              {t.close}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
