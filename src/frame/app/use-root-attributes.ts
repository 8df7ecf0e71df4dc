import { useLayoutEffect } from 'react';
import { FONT_STACKS, type Appearance } from '../../shared/appearance.js';
import type { DisplayMode } from '../../shared/fields.js';
import type { FrameView } from '../states/frame-view.js';

/**
 * Writes the state and the merchant's theme onto #root. Through the DOM, not markup:
 * CSP forbids inline style attributes but not CSSOM, and the tokens were checked.
 */
export function useRootAttributes(root: HTMLElement, view: FrameView, appearance: Appearance, mode: DisplayMode): void {
  const code = view.state === 'error' ? String(view.code) : undefined;
  useLayoutEffect(() => {
    root.dataset.state = view.state;
    root.dataset.mode = mode;
    if (code) root.dataset.errorCode = code;
    else delete root.dataset.errorCode;
  }, [root, view.state, code, mode]);

  useLayoutEffect(() => {
    const a = appearance;
    root.dataset.theme = a.theme ?? 'light';
    const px = (n: number | undefined) => (n === undefined ? undefined : `${n}px`);
    const tokens: Record<string, string | undefined> = {
      '--cv-text': a.colorText,
      '--cv-bg': a.colorBackground,
      '--cv-accent': a.colorAccent,
      '--cv-font': a.fontFamily && FONT_STACKS[a.fontFamily],
      '--cv-size': px(a.fontSize),
      '--cv-radius': px(a.radius),
      '--cv-space': px(a.spacing),
    };
    for (const [name, value] of Object.entries(tokens)) {
      if (value) root.style.setProperty(name, value);
      else root.style.removeProperty(name);
    }
  }, [root, appearance]);
}
