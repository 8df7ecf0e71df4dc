import { FRAME_TITLE, langTag, type Locale } from '../../shared/locale.js';

/**
 * The page's language and title: what a screen reader speaks the page in, and announces it
 * by. The app keeps them in step with the locale; the hosted page's early script sets them
 * first (boot/early-hosted.ts), from the fragment the server never sees.
 */
export function applyDocumentLocale(doc: Document, locale: Locale): void {
  doc.documentElement.lang = langTag(locale);
  doc.title = FRAME_TITLE[locale];
}
