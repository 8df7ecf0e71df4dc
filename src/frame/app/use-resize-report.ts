import { useEffect } from 'react';
import type { FrameEvents } from '../bridge/frame-events.js';

/** Tells the parent the frame's height whenever it changes, so the iframe never scrolls. */
export function useResizeReport(root: HTMLElement, events: FrameEvents, enabled: boolean): void {
  useEffect(() => {
    if (!enabled || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => events.resize(Math.ceil(root.getBoundingClientRect().height)));
    observer.observe(root);
    return () => observer.disconnect();
  }, [root, events, enabled]);
}
