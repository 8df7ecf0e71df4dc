import { langTag, type Locale } from '../shared/locale.js';
import type { StateCopy } from '../shared/state-copy.js';

/**
 * What the container shows when no frame can: the frame was refused (1015), never
 * answered (1001), or got no token. The words come from the embed check's answer;
 * without one (the check failed too) only the code shows. textContent only: the
 * server's words are text, never markup. Tagged with the words' language, which may not
 * be the page's, and focusable from script, for a cardholder whose focus was in the frame.
 */
export function renderError(code: number, locale: Locale, text: Partial<StateCopy> = {}, codeLabel = ''): HTMLElement {
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.lang = langTag(locale);
  box.tabIndex = -1;
  box.dataset.errorCode = `${code}`;
  box.style.padding = '16px';
  for (const [tag, line] of [
    ['strong', text.title],
    ['p', text.detail],
    ['small', codeLabel + code],
  ])
    if (line) box.appendChild(document.createElement(tag!)).textContent = line;
  return box;
}
