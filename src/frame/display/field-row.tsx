import { useCallback, useEffect, useId, useRef } from 'react';
import { isCopyable, type CardField } from '../../shared/fields.js';
import { stateCopyFor } from '../../shared/state-copy.js';
import type { Locale } from '../../shared/locale.js';
import type { Messages } from '../i18n.js';
import type { CopyStatus } from './card-view.js';
import { focusIsOnNothing } from '../app/focus.js';
import { RetryButton } from '../states/retry-button.js';
import { nextStep } from '../states/state-entry.js';
import { maskedValue, spokenValue } from './format.js';
import { CheckIcon, CopyIcon, EyeIcon, EyeOffIcon } from './icons.js';

/** A failure this soon after Show was pressed is what the press found. */
const PRESS_MS = 1000;

export interface FieldRowProps {
  field: CardField;
  last4: string;
  /** the display text while revealed, else undefined */
  revealed: string | undefined;
  errorCode: number | undefined;
  copyStatus: CopyStatus | undefined;
  t: Messages;
  locale: Locale;
  onToggle(field: CardField): void;
  onCopy(field: CardField): void;
  /** offered in place of the field's buttons once it failed on its own */
  onRetry?: () => void;
}

/**
 * One field: label, value (masked until revealed), and its buttons. A field that failed on
 * its own (the PIN's 4015) says what happened and what to do instead, as a whole-frame
 * state would; the live region announces it (live-region.tsx).
 */
export function FieldRow({ field, last4, revealed, errorCode, copyStatus, t, locale, onToggle, onCopy, onRetry }: FieldRowProps) {
  const isRevealed = revealed !== undefined;
  const noun = t.noun[field];
  const failed = errorCode !== undefined;
  const retry = useRef<HTMLButtonElement>(null);
  const reason = useRef<HTMLSpanElement>(null);
  const id = useId();
  // Whether the failure took the toggle away from the cardholder: it had the focus, or was
  // pressed just now (Safari does not focus a clicked or tapped button). A ref's cleanup
  // runs before React takes the button out of the page, so the focus is still on it then.
  const toggleLostFocus = useRef(false);
  const pressedAt = useRef(-Infinity);
  const watchToggle = useCallback((button: HTMLButtonElement | null) => {
    if (button)
      return () => {
        toggleLostFocus.current = document.activeElement === button || performance.now() - pressedAt.current < PRESS_MS;
      };
  }, []);
  useEffect(() => {
    // The row's buttons went with the failure (pressing Show PIN can be what found it): the
    // focus that fell from them to the page moves to what the row offers now. Focus that was
    // on nothing already (a hosted page as it loads) is left there, and never taken from elsewhere.
    if (failed && toggleLostFocus.current && focusIsOnNothing()) (retry.current ?? reason.current)?.focus();
  }, [failed]);
  if (failed) {
    const copy = stateCopyFor(errorCode).text[locale];
    return (
      <div className="cv-field" data-field={field} data-state="error" data-error-code={errorCode}>
        <div className="cv-field-text">
          <span className="cv-label">{t.label[field]}</span>
          <span className="cv-field-error" id={`${id}-error`} ref={reason} tabIndex={-1}>
            {copy.title} <small>{t.errorCode(errorCode)}</small>
          </span>
          <span className="cv-field-detail" id={`${id}-detail`}>
            {nextStep(copy, !!onRetry)}
          </span>
        </div>
        {onRetry && (
          <div className="cv-actions">
            {/* focus lands here when the row fails: "Try again, button" alone would not say what for */}
            <RetryButton
              label={t.retry}
              testId={`retry-${field}`}
              onRetry={onRetry}
              buttonRef={retry}
              describedBy={`${id}-error ${id}-detail`}
            />
          </div>
        )}
      </div>
    );
  }
  return (
    // each field's own state (DESIGN §7: per-field `revealed`), beside the frame's on #root
    <div className="cv-field" data-field={field} data-state={isRevealed ? 'revealed' : 'masked'}>
      <div className="cv-field-text">
        <span className="cv-label">{t.label[field]}</span>
        {isRevealed ? (
          // translate="no": a browser's translation service would be sent the value
          <>
            <span className="cv-value" data-testid={`value-${field}`} data-revealed="" aria-hidden="true" translate="no">
              {revealed}
            </span>
            <span className="cv-sr" translate="no">
              {spokenValue(revealed)}
            </span>
          </>
        ) : (
          <>
            <span className="cv-value" data-testid={`value-${field}`} aria-hidden="true">
              {maskedValue(field, last4)}
            </span>
            <span className="cv-sr">{field === 'pan' ? t.maskedPan(spokenValue(last4)) : t.masked}</span>
          </>
        )}
        {/* the way round a clipboard that refused: the live region says it too */}
        {copyStatus === 'failed' && (
          <span className="cv-field-detail" data-testid={`copy-by-hand-${field}`}>
            {t.copyByHand(noun, isRevealed)}
          </span>
        )}
      </div>
      <div className="cv-actions">
        <button
          type="button"
          className="cv-button"
          data-testid={`toggle-${field}`}
          // An action that names what it will do ("Show card number", then "Hide card
          // number"), like a password field's Show button; not aria-pressed as well, which
          // would state the same thing twice ("Hide card number, pressed").
          data-revealed={isRevealed || undefined}
          ref={watchToggle}
          aria-label={isRevealed ? t.hide(noun) : t.show(noun)}
          title={isRevealed ? t.hide(noun) : t.show(noun)}
          onClick={() => {
            pressedAt.current = performance.now();
            onToggle(field);
          }}
        >
          {isRevealed ? <EyeOffIcon /> : <EyeIcon />}
        </button>
        {isCopyable(field) && (
          <button
            type="button"
            className="cv-button"
            data-testid={`copy-${field}`}
            data-status={copyStatus}
            aria-label={t.copy(noun)}
            title={t.copy(noun)}
            onClick={() => onCopy(field)}
          >
            {copyStatus === 'copied' ? <CheckIcon /> : <CopyIcon />}
            {copyStatus && <span className="cv-copy-status">{copyStatus === 'copied' ? t.copied : t.copyFailed}</span>}
          </button>
        )}
      </div>
    </div>
  );
}
