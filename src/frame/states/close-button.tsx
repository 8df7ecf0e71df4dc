import { useLayoutEffect, useRef } from 'react';
import type { Messages } from '../i18n.js';
import { CloseIcon } from '../display/icons.js';
import { focusIsOnNothing } from '../app/focus.js';

/**
 * Set when a Close that held the focus went away with its state (the skeleton giving way to
 * the card), for the next state's Close to take it over: on a full page, focus that falls to
 * <body> sends a screen reader back to the top. One frame app per document, so one flag.
 */
let handedOver = false;

/**
 * Close, for the hosted page in a native app (the app dismisses its web view on `close`).
 * Shown in every state: a full-screen web view may have no way out of its own, and the
 * cardholder must not wait for the session to end, or for a stalled load, to leave.
 */
export function CloseButton({ t, onClose }: { t: Messages; onClose: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (handedOver && focusIsOnNothing()) button.current?.focus();
    handedOver = false;
    const held = button.current;
    // a layout effect's cleanup runs while the button is still in the document, focused or not
    return () => {
      handedOver = held !== null && held === document.activeElement;
    };
  }, []);
  return (
    <button
      ref={button}
      type="button"
      className="cv-button cv-close"
      data-testid="close"
      aria-label={t.close}
      title={t.close}
      onClick={onClose}
    >
      <CloseIcon />
    </button>
  );
}
