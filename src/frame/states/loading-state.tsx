import type { CardField } from '../../shared/fields.js';
import type { Messages } from '../i18n.js';
import { maskedValue } from '../display/format.js';
import { CloseButton } from './close-button.js';
import { RetryButton } from './retry-button.js';

export interface LoadingStateProps {
  fields: readonly CardField[];
  t: Messages;
  /** the load has taken SLOW_LOAD_MS (app/use-slow-load.ts) */
  slow?: boolean;
  /** a fresh view (a new token): offered once the load is slow */
  onRetry?: () => void;
  onClose?: () => void;
}

/**
 * A skeleton of the card about to appear. It lays out the real labels and masked
 * values, made invisible, so it has the final size and the frame does not jump. A load
 * that takes long says so underneath; the live region says it aloud (live-region.tsx).
 * Where the merchant can hand out a fresh token, a Retry follows: the stalled exchange is
 * not aborted (its answer may still come), but the cardholder need not wait for a
 * connection that is gone. Focus stays where it is: a slow load is no error. The panel is
 * busy until then: once slow, it holds words and a button a screen reader must reach, which
 * some hold back inside a busy region.
 */
export function LoadingState({ fields, t, slow, onRetry, onClose }: LoadingStateProps) {
  return (
    <section className="cv-panel" aria-busy={!slow || undefined} aria-label={t.loading}>
      <div className="cv-head">
        <span className="cv-brand cv-bone" aria-hidden="true">
          Visa
        </span>
        <span className="cv-type cv-bone" aria-hidden="true">
          {t.cardType.virtual}
        </span>
        {onClose && <CloseButton t={t} onClose={onClose} />}
      </div>
      {fields.map((field) => (
        <div className="cv-field" key={field} aria-hidden="true">
          <div className="cv-field-text">
            <span className="cv-label">
              <span className="cv-bone">{t.label[field]}</span>
            </span>
            <span className="cv-value">
              <span className="cv-bone">{maskedValue(field, '0000')}</span>
            </span>
          </div>
          <span className="cv-bone cv-bone-button" />
        </div>
      ))}
      {slow && (
        <div className="cv-slow">
          <p id="cv-slow-note">{onRetry ? t.slowLoadRetry : t.slowLoad}</p>
          {onRetry && <RetryButton label={t.retry} testId="retry" onRetry={onRetry} describedBy="cv-slow-note" />}
        </div>
      )}
      <span className="cv-sr">{t.loading}</span>
    </section>
  );
}
