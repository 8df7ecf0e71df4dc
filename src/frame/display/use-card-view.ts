import { useEffect, useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import type { DisplaySession } from '../api/exchange-query.js';
import { flushDisplayEvents, sendDisplayEvent } from '../api/display-client.js';
import type { FrameHost } from '../bridge/frame-host.js';
import { createCardView, type CardView, type CardViewState } from './card-view.js';
import { writeClipboard } from './clipboard.js';

const noSubscribe = (): (() => void) => () => undefined;
const noState = (): null => null;
const pageHidden = (): boolean => document.visibilityState === 'hidden';

/**
 * React adapter for the card view: one controller per session, started in an effect
 * (StrictMode's extra start/stop pair is harmless), fed by the parent's commands and
 * the page lifecycle.
 */
export function useCardView(
  session: DisplaySession | undefined,
  host: FrameHost,
): { state: CardViewState | null; view: CardView | null } {
  const view = useMemo(
    () =>
      session
        ? createCardView({
            session,
            autoHideSeconds: host.getState().autoHideSeconds,
            events: host.events,
            audit: (event, field) => sendDisplayEvent({ session_id: session.id, event, field }, host.getState().locale),
            writeClipboard,
            pageHidden,
          })
        : null,
    [session, host],
  );

  // Layout effects: `ready` goes out as soon as the card is in the DOM, not a task later,
  // and the parent's reveal/hide commands are heard from that same moment.
  useLayoutEffect(() => {
    if (!view) return;
    view.start();
    return () => {
      view.stop();
      // the hides stop() makes leave now: the page may be going with the view
      flushDisplayEvents();
    };
  }, [view]);

  useLayoutEffect(() => {
    if (!view) return;
    return host.onCommand((command) => (command.type === 'reveal' ? view.reveal(command.field) : view.hide(command.field)));
  }, [view, host]);

  useEffect(() => {
    if (!view) return;
    // Values never stay on screen behind the cardholder's back. A page that comes back,
    // perhaps from a device's sleep, during which no timer ran, is held to the wall clock:
    // the session's end and each auto-hide instant that passed meanwhile apply at once.
    const hideAll = (): void => hideNow(view);
    const check = (): void => view.check();
    const onVisibility = (): void => (pageHidden() ? hideAll() : check());
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', hideAll);
    window.addEventListener('pageshow', check);
    window.addEventListener('focus', check);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', hideAll);
      window.removeEventListener('pageshow', check);
      window.removeEventListener('focus', check);
    };
  }, [view]);

  const state = useSyncExternalStore(view ? view.subscribe : noSubscribe, view ? view.getState : noState);
  return { state, view };
}

/**
 * Hides what shows, and sends the hides' audit events at once rather than a task later: the
 * page, or this frame, may be about to go.
 */
export function hideNow(view: CardView | null): void {
  view?.hide();
  flushDisplayEvents();
}
