import { useState } from 'react';
import type { Locale } from '../../shared/locale.js';
import { COPY_EXPIRED, stateCopyFor, type StateCopy } from '../../shared/state-copy.js';
import { ENDING_NOTICE_SECONDS, type Announcement, type CardViewState } from '../display/card-view.js';
import type { Messages } from '../i18n.js';
import { nextStep } from '../states/state-entry.js';

function sentence(
  t: Messages,
  locale: Locale,
  { kind, field }: Announcement,
  card: CardViewState,
  retryOffered: boolean,
): string {
  if (kind === 'ending') return t.endingSoon(ENDING_NOTICE_SECONDS);
  if (!field) return kind === 'reveal' ? t.allShown : t.allHidden;
  const label = t.label[field];
  switch (kind) {
    case 'reveal':
      return t.shown(label);
    case 'hide':
      return t.hidden(label);
    case 'copy':
      return t.copiedField(label);
    case 'copy-failed':
      return joined(locale, t.copyFailed, t.copyByHand(t.noun[field], card.revealed[field] !== undefined));
    case 'field-error':
      return spoken(stateCopyFor(card.fieldErrors[field] ?? 4015).text[locale], locale, retryOffered);
  }
}

/** A title and what follows it as one announcement: the title has no full stop of its own. */
const joined = (locale: Locale, title: string, then: string) => `${title}${locale === 'zh_CN' ? '。' : '. '}${then}`;

const spoken = (copy: StateCopy, locale: Locale, retryOffered: boolean) =>
  joined(locale, copy.title, nextStep(copy, retryOffered));

export interface LiveRegionProps {
  card: CardViewState | null;
  /** the session ended: the card and its values are gone, which a sighted cardholder sees */
  expired: boolean;
  /** the load has taken long (app/use-slow-load.ts) */
  slow?: boolean;
  /** the parent can mount a fresh view, so a Retry button is there to name */
  retryOffered: boolean;
  t: Messages;
  locale: Locale;
}

/** A message the region said: which one, and in what language. */
export interface Said {
  key: string | number;
  locale: Locale;
}

/**
 * Whether the message `key` was said already, in another language. Rewritten in the new
 * one, the region would change, and a screen reader would say an old "Card number copied"
 * or a long-gone countdown again as if it were news: a language switch is not news.
 */
export const isRetelling = (said: Said | null, key: string | number, locale: Locale): boolean =>
  said?.key === key && said.locale !== locale;

/**
 * Says what just happened, in the chosen language, never the value itself. One region
 * that stays in the page: a polite region inserted already filled is often not read,
 * so the end of the session is said here too, not by the notice that replaces the card.
 * After a language switch it is emptied rather than rewritten: a removal is not read out.
 */
export function LiveRegion({ card, expired, slow = false, retryOffered, t, locale }: LiveRegionProps) {
  let message: { key: string | number; text: string } | null = null;
  if (expired) {
    message = { key: 'expired', text: spoken(COPY_EXPIRED.text[locale], locale, retryOffered) };
  } else if (card?.announcement) {
    message = { key: card.announcement.seq, text: sentence(t, locale, card.announcement, card, retryOffered) };
  } else if (slow) {
    message = { key: 'slow', text: retryOffered ? t.slowLoadRetry : t.slowLoad };
  }
  // Remembered from the render that first showed it (React's pattern for a value that
  // follows props: set during render, before anything is committed).
  const [said, setSaid] = useState<Said | null>(null);
  if (message && said?.key !== message.key) setSaid({ key: message.key, locale });
  const shown = message && !isRetelling(said, message.key, locale) ? message : null;
  return (
    <div className="cv-sr" aria-live="polite" aria-atomic="true">
      {shown && <span key={shown.key}>{shown.text}</span>}
    </div>
  );
}
