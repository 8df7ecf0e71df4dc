import { useState, type Ref } from 'react';

export interface RetryButtonProps {
  label: string;
  testId: string;
  onRetry: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}

/** Asks the parent for a fresh view, once: the SDK replaces this frame, so a second ask would be noise. */
export function RetryButton({ label, testId, onRetry, buttonRef }: RetryButtonProps) {
  const [retrying, setRetrying] = useState(false);
  return (
    <button
      ref={buttonRef}
      type="button"
      className="cv-action"
      data-testid={testId}
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
