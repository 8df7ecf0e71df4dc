import { FONT_STACKS, type Appearance } from '../../shared/appearance.js';
import type { DisplayMode } from '../../shared/fields.js';
import type { FrameView } from '../states/frame-view.js';
import { mutedPercent, textOnAccent } from './contrast.js';

/** `data-state`, and `data-error-code` in an error state: what tests and the SDK read. */
export function applyRootState(root: HTMLElement, view: FrameView, mode: DisplayMode): void {
  root.dataset.state = view.state;
  root.dataset.mode = mode;
  if (view.state === 'error') root.dataset.errorCode = String(view.code);
  else delete root.dataset.errorCode;
}

const px = (n: number | undefined): string | undefined => (n === undefined ? undefined : `${n}px`);

/**
 * The merchant's theme as custom properties. Through CSSOM, not markup: CSP forbids
 * inline style attributes but not this, and checkAppearance already vetted each token.
 */
export function applyAppearance(root: HTMLElement, a: Appearance): void {
  root.dataset.theme = a.theme ?? 'light';
  const tokens: Record<string, string | undefined> = {
    '--cv-text': a.colorText,
    '--cv-bg': a.colorBackground,
    '--cv-accent': a.colorAccent,
    '--cv-on-accent': a.colorAccent && textOnAccent(a.colorAccent),
    '--cv-font': a.fontFamily && FONT_STACKS[a.fontFamily],
    '--cv-size': px(a.fontSize),
    '--cv-radius': px(a.radius),
    '--cv-space': px(a.spacing),
  };
  for (const [name, value] of Object.entries(tokens)) {
    if (value) root.style.setProperty(name, value);
    else root.style.removeProperty(name);
  }
  // Secondary text is the text colour mixed into the background: with a merchant's pair
  // (a mid grey on white is common) the theme's 62% can fall below 4.5:1.
  root.style.removeProperty('--cv-mu');
  if (a.colorText || a.colorBackground) {
    const style = getComputedStyle(root);
    const [fg, bg] = [style.getPropertyValue('--fg').trim(), style.getPropertyValue('--bg').trim()];
    const hex = /^#[\da-f]{3,8}$/i;
    if (hex.test(fg) && hex.test(bg)) root.style.setProperty('--cv-mu', `${mutedPercent(fg, bg)}%`);
  }
}
