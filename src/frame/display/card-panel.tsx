import { useEffect, useRef } from 'react';
import type { Locale } from '../../shared/locale.js';
import { focusIsOnNothing } from '../app/focus.js';
import type { DisplaySession } from '../api/exchange-query.js';
import { brandName, type Messages } from '../i18n.js';
import { ENDING_NOTICE_SECONDS, type CardView, type CardViewState } from './card-view.js';
import { FieldRow } from './field-row.js';
import { CloseButton } from '../states/close-button.js';
import { useSecondsLeft } from '../states/use-seconds-left.js';
import { TransactionsPanel } from '../transactions/transactions-panel.js';

export interface CardPanelProps {
  session: DisplaySession;
  state: CardViewState;
  view: CardView;
  t: Messages;
  locale: Locale;
  /** the parent can mount a fresh view: what a field that failed on its own (4015), or the transactions panel's 1017, offers */
  onRetry?: () => void;
  /** a native app can close the hosted page */
  onClose?: () => void;
  /** focus already in this frame, on nothing, moves to the card's first control (an embedded frame after Retry) */
  takeFocus?: boolean;
}

/** The card: brand and type on top, then each granted field, then transactions when granted. */
export function CardPanel({ session, state, view, t, locale, onRetry, onClose, takeFocus }: CardPanelProps) {
  const { card } = session;
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    // The SDK focuses the new frame when Retry was pressed in the old one: the cardholder
    // carries on from the card's first button, not from the top of the merchant's page.
    if (takeFocus && focusIsOnNothing()) panel.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [takeFocus]);
  return (
    <section className="cv-panel" aria-label={t.title} ref={panel}>
      <header className="cv-head">
        <h1 className="cv-brand">{brandName(t, card.brand)}</h1>
        <span className="cv-type">{t.cardType[card.type]}</span>
        {onClose && <CloseButton t={t} onClose={onClose} />}
      </header>
      <div className="cv-fields">
        {session.fields.map((field) => (
          <FieldRow
            key={field}
            field={field}
            last4={card.last4}
            revealed={state.revealed[field]}
            errorCode={state.fieldErrors[field]}
            copyStatus={state.copy[field]}
            t={t}
            locale={locale}
            onToggle={view.toggle}
            onCopy={view.copy}
            onRetry={onRetry}
          />
        ))}
      </div>
      {state.ending && <EndingNote endsAt={session.expiresAt} t={t} />}
      {session.transactions && (
        <TransactionsPanel sessionId={session.id} t={t} locale={locale} onReload={onRetry} onSessionEnd={view.expire} />
      )}
    </section>
  );
}

/**
 * The session's last seconds, counted down under the fields, for whoever does not hear the
 * live region say it (live-region.tsx). Not live itself: once aloud is enough.
 */
function EndingNote({ endsAt, t }: { endsAt: number; t: Messages }) {
  const left = useSecondsLeft(ENDING_NOTICE_SECONDS, endsAt - ENDING_NOTICE_SECONDS * 1000);
  return (
    <p className="cv-ending" data-testid="ending">
      {t.endingSoon(left)}
    </p>
  );
}
