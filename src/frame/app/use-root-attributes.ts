import { useLayoutEffect } from 'react';
import type { Appearance } from '../../shared/appearance.js';
import type { DisplayMode } from '../../shared/fields.js';
import type { FrameView } from '../states/frame-view.js';
import { applyAppearance, applyRootState } from './root-attributes.js';

/** Keeps #root's state attributes and theme in step with the app, before paint. */
export function useRootAttributes(root: HTMLElement, view: FrameView, appearance: Appearance, mode: DisplayMode): void {
  useLayoutEffect(() => applyRootState(root, view, mode), [root, view, mode]);
  useLayoutEffect(() => applyAppearance(root, appearance), [root, appearance]);
}
