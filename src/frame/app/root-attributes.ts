import { FONT_STACKS, type Appearance } from '../../shared/appearance.js';
import type { DisplayMode } from '../../shared/fields.js';
import type { FrameView } from '../states/frame-view.js';
import { accentForeground, mutedPercent, textOnAccent } from './contrast.js';

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
  // (a mid grey on white is common) the theme's 62% can fall below 4.5:1. And the accent,
  // where it is a foreground (the card type, icons, focus rings), must read on the
  // background: a merchant's light brand colour on white does not.
  root.style.removeProperty('--cv-mu');
  root.style.removeProperty('--cv-accent-fg');
  if (a.colorText || a.colorBackground || a.colorAccent) {
    const style = getComputedStyle(root);
    const [fg, bg, ac] = ['--fg', '--bg', '--ac'].map((name) => style.getPropertyValue(name).trim()) as [string, string, string];
    const hex = /^#[\da-f]{3,8}$/i;
    if (!hex.test(fg) || !hex.test(bg)) return;
    if (a.colorText || a.colorBackground) root.style.setProperty('--cv-mu', `${mutedPercent(fg, bg)}%`);
    if (hex.test(ac)) root.style.setProperty('--cv-accent-fg', accentForeground(ac, fg, bg));
  }
}
