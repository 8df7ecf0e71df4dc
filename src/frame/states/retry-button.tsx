import { useState, type Ref } from 'react';

export interface RetryButtonProps {
  label: string;
  testId: string;
  onRetry: () => void;
  /**
   * Shown instead of the label while the server asks the cardholder to wait (1009): the
   * button stays focusable but does nothing, and its name stays `label`. The countdown is
   * hidden from screen readers, or the alert around it would be read again every second;
   * the label stays in the tree, only hidden from sight, for the same reason.
   */
  waiting?: string;
  buttonRef?: Ref<HTMLButtonElement>;
  /** ids of what explains why a retry is offered, read when focus lands here */
  describedBy?: string;
}

/** Asks the parent for a fresh view, once: the SDK replaces this frame, so a second ask would be noise. */
export function RetryButton({ label, testId, onRetry, waiting, buttonRef, describedBy }: RetryButtonProps) {
  const [retrying, setRetrying] = useState(false);
  return (
    <button
      ref={buttonRef}
      type="button"
      className="cv-action"
      data-testid={testId}
      aria-describedby={describedBy}
      aria-disabled={waiting ? true : undefined}
      disabled={retrying}
      onClick={() => {
        if (waiting) return;
        setRetrying(true);
        onRetry();
      }}
    >
      <RetryLabel label={label} waiting={waiting} />
    </button>
  );
}

/**
 * A retry's face: its label, or while a 1009's wait runs the countdown in its place. One node
 * holds the name throughout, so the end of the wait changes nothing a reader hears.
 */
export function RetryLabel({ label, waiting }: { label: string; waiting: string | undefined }) {
  return (
    <>
      <span className={waiting ? 'cv-sr' : undefined}>{label}</span>
      {waiting && <span aria-hidden="true">{waiting}</span>}
    </>
  );
}
