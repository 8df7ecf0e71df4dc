import type { StateCopy } from '../shared/state-copy.js';

/**
 * What the container shows when no frame can: the frame was refused (1015), never
 * answered (1001), or got no token. The words come from the embed check's answer;
 * without one (the check failed too) only the code shows. textContent only: the
 * server's words are text, never markup.
 */
export function renderError(code: number, text: Partial<StateCopy> = {}, codeLabel = ''): HTMLElement {
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
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
