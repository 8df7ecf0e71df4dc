import type { Locale, Localized } from '../shared/locale.js';
import type { StateCopy } from '../shared/state-copy.js';

const CODE_LABEL: Localized = { en_US: 'Error code ', zh_CN: '错误代码 ' };

/**
 * What the container shows when no frame can: the frame was refused (1015), never
 * answered (1001), or got no token. createElement and textContent only: the server's
 * `msg` is text, never markup.
 */
export function renderError(code: number, text: Localized<StateCopy>, locale: Locale): HTMLElement {
  const box = element('div', 'padding:16px;font:14px system-ui,sans-serif');
  box.setAttribute('role', 'alert');
  box.dataset.errorCode = `${code}`;
  box.append(
    element('strong', '', text[locale].title),
    element('p', '', text[locale].detail),
    element('small', 'opacity:.7', CODE_LABEL[locale] + code),
  );
  return box;
}

function element(tag: string, css: string, text: string): HTMLElement {
  const el = document.createElement(tag);
  el.style.cssText = css;
  el.textContent = text;
  return el;
}
