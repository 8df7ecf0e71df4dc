import { useEffect, useState } from 'react';
import type { FrameView } from '../states/frame-view.js';

/**
 * How long a 1014 waits before it shows, where the parent can fetch a token. The SDK answers
 * a first 1014 with a fresh frame in the task that hears of it (error-codes.md: one silent
 * refresh), so this frame is normally gone within milliseconds; a second 1014 in a row is
 * the SDK's to report, and shows after this wait.
 */
export const REFRESH_GRACE_MS = 1000;

/**
 * The view to show: a 1014 the parent may refresh silently stays the skeleton during the
 * grace, so the frame it replaces neither flashes "expired" nor starts a screen reader on an
 * alert it will not finish. The error itself is still reported at once (frame-app.tsx).
 */
export function useRefreshGrace(view: FrameView, canRefresh: boolean): FrameView {
  const refreshExpected = view.state === 'error' && view.code === 1014 && canRefresh;
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    if (!refreshExpected) return;
    const timer = setTimeout(() => setGraceOver(true), REFRESH_GRACE_MS);
    return () => {
      clearTimeout(timer);
      setGraceOver(false); // each 1014 gets its own grace
    };
  }, [refreshExpected]);
  return refreshExpected && !graceOver ? LOADING : view;
}

const LOADING: FrameView = { state: 'loading' };
