import type { Locale, Localized } from '../shared/locale.js';
import type { StateCopy } from '../shared/state-copy.js';

const CODE_LABEL: Localized = { en_US: 'Error code ', zh_CN: '错误代码 ' };

/**
 * What the container shows when no frame can: the frame was refused (1015), never
 * answered (1001), or got no token. createElement and textContent only: the server's
 * `msg` is text, never markup.
 */
export function renderError(code: number, text: Localized<StateCopy>, locale: Locale): HTMLElement {
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.dataset.errorCode = `${code}`;
  box.style.padding = '16px';
  const lines: [tag: string, text: string][] = [
    ['strong', text[locale].title],
    ['p', text[locale].detail],
    ['small', CODE_LABEL[locale] + code],
  ];
  for (const [tag, content] of lines) box.appendChild(document.createElement(tag)).textContent = content;
  return box;
}
