import type { Locale } from '../../shared/locale.js';
import type { DisplaySession } from '../api/exchange-query.js';
import { brandName, type Messages } from '../i18n.js';
import type { CardView, CardViewState } from './card-view.js';
import { FieldRow } from './field-row.js';

export interface CardPanelProps {
  session: DisplaySession;
  state: CardViewState;
  view: CardView;
  t: Messages;
  locale: Locale;
}

/** The card: brand and type on top, then each granted field. */
export function CardPanel({ session, state, view, t, locale }: CardPanelProps) {
  const { card } = session;
  return (
    <section className="cv-panel" aria-label={t.title}>
      <header className="cv-head">
        <span className="cv-brand">{brandName(t, card.brand)}</span>
        <span className="cv-type">{t.cardType[card.type]}</span>
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
          />
        ))}
      </div>
    </section>
  );
}
