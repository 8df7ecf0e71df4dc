import { useLayoutEffect } from 'react';
import type { Appearance } from '../../shared/appearance.js';
import type { DisplayMode } from '../../shared/fields.js';
import type { FrameView } from '../states/frame-view.js';
import { applyAppearance, applyRootState } from './root-attributes.js';

/** Keeps #root's state attributes and theme in step with the app, before paint. */
export function useRootAttributes(root: HTMLElement, view: FrameView, appearance: Appearance, mode: DisplayMode): void {
  useLayoutEffect(() => applyRootState(root, view, mode), [root, view, mode]);
  useLayoutEffect(() => {
    applyAppearance(root, appearance);
    // Under `auto` the theme's own colours follow the device's scheme, and with them what a
    // merchant's colour needs to stay readable (root-attributes.ts): applied again on a change.
    if (appearance.theme !== 'auto' || typeof matchMedia !== 'function') return;
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const reapply = (): void => applyAppearance(root, appearance);
    scheme.addEventListener('change', reapply);
    return () => scheme.removeEventListener('change', reapply);
  }, [root, appearance]);
}
