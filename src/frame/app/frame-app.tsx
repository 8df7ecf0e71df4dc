import { useEffect } from 'react';
import { useDisplaySession } from '../api/exchange-query.js';
import { hideNow, useCardView } from '../display/use-card-view.js';
import { CardPanel } from '../display/card-panel.js';
import { messagesFor } from '../i18n.js';
import { isCardField, type CardField } from '../../shared/fields.js';
import { COPY_EXPIRED } from '../../shared/state-copy.js';
import { deriveFrameView } from '../states/frame-view.js';
import { LoadingState } from '../states/loading-state.js';
import { StateNotice } from '../states/state-notice.js';
import { entryFor } from '../states/state-entry.js';
import { applyDocumentLocale } from './document-locale.js';
import { useFrame, useHostState } from './host-context.js';
import { LiveRegion } from './live-region.js';
import { useRefreshGrace } from './use-refresh-grace.js';
import { useResizeReport } from './use-resize-report.js';
import { useRootAttributes } from './use-root-attributes.js';
import { useSlowLoad } from './use-slow-load.js';
import { useKeyPairReady } from './use-key-pair-ready.js';

// Until the exchange says what was granted, the most common grant shapes the skeleton.
const SKELETON_FIELDS: readonly CardField[] = ['pan', 'expiry', 'cvv'];

/** The frame: waits for a token, exchanges it once, then shows the card or a state. */
export function FrameApp() {
  const { host, root } = useFrame();
  const hostState = useHostState(host);
  const { locale, request } = hostState;
  const exchange = useDisplaySession(request, host.keyPair, locale);
  const { state: card, view } = useCardView(exchange.data, host);
  const frame = deriveFrameView(hostState, exchange, card);
  // what shows: the same, but for a 1014 the SDK is about to replace (use-refresh-grace.ts)
  const shown = useRefreshGrace(frame, hostState.canRefresh);
  const t = messagesFor(locale);
  const slow = useSlowLoad(shown.state === 'loading');
  const keyReady = useKeyPairReady(host.keyPair);

  useRootAttributes(root, shown, hostState.appearance, host.mode);
  useResizeReport(root, host.events, host.mode === 'embed');
  useEffect(() => applyDocumentLocale(document, locale), [locale]);
  const errorCode = frame.state === 'error' ? frame.code : undefined;
  const errorReason = frame.state === 'error' ? frame.reason : undefined;
  const errorRetryAfter = frame.state === 'error' ? frame.retryAfter : undefined;
  useEffect(() => {
    if (errorCode !== undefined) host.events.error(errorCode, errorReason, { retryAfter: errorRetryAfter });
  }, [host, errorCode, errorReason, errorRetryAfter]);

  // A fresh view replaces this frame, or the app dismisses the page, at once: what shows is
  // hidden first, so that the merchant or the app hears the hides (the port or bridge keeps the
  // order) and the audit log gets them before the page can go.
  const hidingFirst = (leave: () => void) => () => {
    hideNow(view);
    leave();
  };
  const onRetry = hostState.canRefresh ? hidingFirst(() => host.events.retry()) : undefined;
  // while loading, only a stalled exchange is helped by a fresh view, not a slow key search
  const retryOffered = shown.state === 'loading' && !keyReady ? undefined : onRetry;
  const onClose = host.canClose() ? hidingFirst(() => host.events.close()) : undefined;

  let content;
  if (shown.state === 'error') {
    const entry = entryFor(shown.code, shown.reason);
    content = (
      // one notice per code: another error is announced, and takes the focus, as the first did
      <StateNotice
        key={shown.code}
        entry={entry}
        code={shown.code}
        t={t}
        locale={locale}
        onRetry={onRetry}
        retryAfter={shown.retryAfter}
        onClose={onClose}
      />
    );
  } else if (shown.state === 'expired') {
    content = <StateNotice key="expired" entry={COPY_EXPIRED} t={t} locale={locale} onRetry={onRetry} onClose={onClose} />;
  } else if (shown.state === 'ready' && exchange.data && card && view) {
    content = (
      <CardPanel
        session={exchange.data}
        state={card}
        view={view}
        t={t}
        locale={locale}
        onRetry={onRetry}
        onClose={onClose}
        takeFocus={host.mode === 'embed'}
      />
    );
  } else {
    const asked = request?.fields?.filter(isCardField);
    content = (
      <LoadingState fields={asked?.length ? asked : SKELETON_FIELDS} t={t} slow={slow} onRetry={retryOffered} onClose={onClose} />
    );
  }
  return (
    <>
      {content}
      <LiveRegion
        card={card}
        expired={shown.state === 'expired'}
        slow={slow}
        retryOffered={!!retryOffered}
        t={t}
        locale={locale}
      />
    </>
  );
}
