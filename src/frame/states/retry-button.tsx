import { useState, type Ref } from 'react';

export interface RetryButtonProps {
  label: string;
  testId: string;
  onRetry: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
  /** ids of what explains why a retry is offered, read when focus lands here */
  describedBy?: string;
}

/** Asks the parent for a fresh view, once: the SDK replaces this frame, so a second ask would be noise. */
export function RetryButton({ label, testId, onRetry, buttonRef, describedBy }: RetryButtonProps) {
  const [retrying, setRetrying] = useState(false);
  return (
    <button
      ref={buttonRef}
      type="button"
      className="cv-action"
      data-testid={testId}
      aria-describedby={describedBy}
      disabled={retrying}
      onClick={() => {
        setRetrying(true);
        onRetry();
      }}
    >
      {label}
    </button>
  );
}
