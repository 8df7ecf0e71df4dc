import type { Messages } from '../i18n.js';
import { CloseIcon } from '../display/icons.js';

/**
 * Close, for the hosted page in a native app (the app dismisses its web view on `close`).
 * Shown in every state: a full-screen web view may have no way out of its own, and the
 * cardholder must not wait for the session to end, or for a stalled load, to leave.
 */
export function CloseButton({ t, onClose }: { t: Messages; onClose: () => void }) {
  return (
    <button
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
