import { isLocale, type Localized } from '../shared/locale.js';
import { isOpaqueId, message, type FrameToParentMessage, type InitMessage, type ParentToFrameMessage } from '../shared/protocol.js';
import { COPY_1015, COPY_FRAME_TIMEOUT, type StateCopy } from '../shared/state-copy.js';
import { checkEmbed } from './embed-check.js';
import { renderError } from './error-view.js';
import { createFrame, setFrameHeight, setFrameTitle } from './frame.js';
import { createFrameId } from './frame-id.js';
import { awaitHello, openChannel } from './handshake.js';
import type { CardDisplay, Callbacks } from './index.js';
import { checkAppearanceOption, checkField, checkLocale, type Settings } from './options.js';

type Outgoing = ParentToFrameMessage extends infer M ? (M extends unknown ? Omit<M, 'cardveil'> : never) : never;

/**
 * One mounted display. All of its state lives in this closure, so two instances, or
 * React StrictMode's mount / destroy / mount, share nothing. Each frame it creates is
 * a new generation: whatever arrives late for an older one (a token, a hello, a port
 * message, a timer), or after destroy, is dropped.
 */
export function createDisplay(root: Element, s: Settings): CardDisplay {
  const wrapper = root.appendChild(document.createElement('div'));
  let destroyed = false;
  let generation = 0;
  let ready = false;
  /** a 1014 gets one silent token refresh (error-codes.md); a cardholder's retry resets it */
  let refreshed = false;
  let frame: HTMLIFrameElement | undefined;
  let port: MessagePort | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopHello = () => {};
  /** the error the container shows itself, kept to re-render it in another locale */
  let shown: [number, Localized<StateCopy>] | undefined;

  const emit = <K extends keyof Callbacks>(name: K, ...event: Parameters<Callbacks[K]>) =>
    destroyed || (s[name] as ((...a: unknown[]) => void) | undefined)?.(...event);

  /** Ends the current frame: its handshake, timer, port, and whatever the wrapper shows. */
  const clear = () => {
    generation++;
    ready = false;
    stopHello();
    clearTimeout(timer);
    port?.close();
    port = frame = shown = undefined;
    wrapper.replaceChildren();
  };

  const show = () => shown && wrapper.replaceChildren(renderError(shown[0], shown[1], s.locale));

  /** No frame can show this error, so the container does, and the merchant hears of it. */
  const fail = (code: number, text: Localized<StateCopy>, reason: string | undefined, retryable: boolean) => {
    clear();
    shown = [code, text];
    show();
    emit('onError', { code, message: text[s.locale].title, locale: s.locale, reason, retryable });
  };

  /** A new frame and handshake. The token is fetched while the frame loads, not after hello. */
  const start = (freshToken?: boolean) => {
    clear();
    const g = generation;
    const live = () => g == generation;
    const frameId = createFrameId();
    const f = (frame = createFrame(s, frameId));
    const token = (
      freshToken || s.clientAccessToken == null
        ? Promise.resolve().then(() => s.getClientAccessToken!())
        : Promise.resolve(s.clientAccessToken)
    ).then((t) => (isOpaqueId(t) ? t : ''), () => '');
    wrapper.append(f);
    void token.then((t) => t || (live() && fail(1001, COPY_FRAME_TIMEOUT.text, 'token_unavailable', true)));
    timer = setTimeout(fail, s.helloTimeoutMs, 1001, COPY_FRAME_TIMEOUT.text, 'frame_timeout', true);
    stopHello = awaitHello(f, frameId, s.origin, () => {
      clearTimeout(timer);
      void token.then((t) => {
        // built now, not at mount, so it carries the latest setLocale / update
        if (t && live()) {
          port = openChannel(
            f,
            s.origin,
            message<InitMessage>({
              type: 'init',
              frame_id: frameId,
              token: t,
              fields: s.fields,
              locale: s.locale,
              appearance: s.appearance,
              auto_hide_seconds: s.autoHideSeconds,
              can_refresh: !!s.getClientAccessToken,
            }),
            (m) => live() && receive(m),
          );
        }
      });
    });
  };

  const receive = (m: FrameToParentMessage) => {
    switch (m.type) {
      case 'ready':
        ready = true;
        return emit('onReady', { fields: m.fields, card: m.card });
      case 'resize':
        setFrameHeight(frame!, m.height);
        return emit('onResize', { height: m.height });
      case 'reveal':
        return emit('onReveal', { field: m.field });
      case 'hide':
        return emit('onHide', { field: m.field });
      case 'copy':
        return emit('onCopy', { field: m.field });
      case 'expired':
        return emit('onExpired');
      case 'retry':
        // the cardholder asked for a fresh view: new token, new frame, new 1014 allowance
        if (s.getClientAccessToken) start((refreshed = false) || true);
        return;
      case 'error': {
        const e = m.error;
        if (e.code == 1014 && s.getClientAccessToken && !refreshed) return start((refreshed = true));
        const locale = isLocale(e.locale) ? e.locale : s.locale;
        return emit('onError', { code: e.code, message: e.message, locale, reason: e.reason, retryable: !!e.retryable });
      }
    }
  };

  start();
  void checkEmbed(s.origin, s.merchantId, s.locale).then((r) => {
    if (r && !destroyed) {
      const own = r.code == 1015;
      fail(r.code, own ? COPY_1015.text : { en_US: r, zh_CN: r }, own ? 'origin_not_allowed' : undefined, false);
    }
  });

  const post = (m: Outgoing) => port?.postMessage(message(m));
  /** reveal / hide: the argument is checked always; before ready there is nothing to send */
  const toggle = (type: 'reveal' | 'hide', field: unknown) => {
    if (destroyed) return;
    checkField(field);
    if (ready) post({ type, field: field as undefined });
  };

  return {
    reveal: (field) => toggle('reveal', field),
    hide: (field) => toggle('hide', field),
    setLocale(locale) {
      if (destroyed) return;
      s.locale = checkLocale(locale);
      if (frame) setFrameTitle(frame, locale);
      post({ type: 'set-locale', locale });
      show();
    },
    update(appearance) {
      if (!destroyed) post({ type: 'update', appearance: (s.appearance = checkAppearanceOption(appearance)) });
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clear();
      wrapper.remove();
    },
  };
}
