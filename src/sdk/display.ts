import { isLocale, type Localized } from '../shared/locale.js';
import {
  isOpaqueId,
  message,
  type FrameToParentMessage,
  type InitMessage,
  type ParentToFrameMessage,
} from '../shared/protocol.js';
import { COPY_1015, COPY_FRAME_TIMEOUT, type StateCopy } from '../shared/state-copy.js';
import { checkAppearanceOption } from './appearance-check.js';
import { checkEmbed } from './embed-check.js';
import { renderError } from './error-view.js';
import { createFrame, FRAME_TITLE } from './frame.js';
import { createFrameId } from './frame-id.js';
import { awaitHello, openChannel } from './handshake.js';
import type { CardDisplay, Callbacks } from './index.js';
import { checkField, checkLocale, type Settings } from './options.js';

type Outgoing<M = ParentToFrameMessage> = M extends unknown ? Omit<M, 'cardveil'> : never;

/**
 * One mounted display. All of its state lives in this closure, so two instances, or
 * React StrictMode's mount / destroy / mount, share nothing. Each frame it creates is
 * a new generation: whatever arrives late for an older one (a token, a hello, a port
 * message), or after destroy, is dropped.
 */
export function createDisplay(root: Element, s: Settings): CardDisplay {
  const wrapper = root.appendChild(document.createElement('div'));
  let destroyed = false;
  let generation = 0;
  let ready = false;
  /** a 1014 gets one silent token refresh (error-codes.md); a cardholder's retry resets it */
  let refreshed = false;
  /** the merchant's static token serves the first frame only */
  let staticToken = s.clientAccessToken;
  let frame: HTMLIFrameElement | undefined;
  let port: MessagePort | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopHello = () => {};
  /** the error the container shows itself, kept to re-render it in another locale */
  let shown: [number, Localized<StateCopy>] | undefined;

  const refusal = checkEmbed(s.origin, s.merchantId, s.locale);

  const emit = <K extends keyof Callbacks>(name: K, ...event: Parameters<Callbacks[K]>) =>
    destroyed || (s[name] as ((...a: unknown[]) => void) | undefined)?.(...event);

  /** Ends the current frame: its handshake, timer and port, and whatever the wrapper shows. */
  const clear = () => {
    generation++;
    ready = false;
    stopHello();
    clearTimeout(timer);
    port?.close();
    port = frame = shown = undefined;
    wrapper.replaceChildren();
  };

  const show = () => shown && wrapper.replaceChildren(renderError(...shown, s.locale));

  /** No frame can show this error, so the container does, and the merchant hears of it. */
  const fail = (code: number, text: Localized<StateCopy>, reason?: string) => {
    clear();
    shown = [code, text];
    show();
    // 1001s are local trouble (timeout, token) that a reload may cure; refusals are not
    emit('onError', { code, message: text[s.locale].title, locale: s.locale, reason, retryable: code == 1001 });
  };

  /** A new frame and handshake. The token is fetched while the frame loads, not after hello. */
  const start = () => {
    clear();
    const g = generation;
    const live = () => g == generation;
    const frameId = createFrameId();
    const f = (frame = createFrame(s, frameId));
    const token = new Promise<unknown>((resolve) => resolve(staticToken ?? s.getClientAccessToken!())).then(
      (t) => (isOpaqueId(t) ? t : ''),
      () => '',
    );
    staticToken = undefined;
    wrapper.append(f);
    // When the page's origin is refused, the merchant's mint refuses it too: let the
    // embed check's 1015 explain a missing token, rather than a vaguer 1001 before it.
    void token.then(async (t) => {
      if (!t && !(await refusal) && live()) fail(1001, COPY_FRAME_TIMEOUT.text, 'token_unavailable');
    });
    timer = setTimeout(fail, s.helloTimeoutMs, 1001, COPY_FRAME_TIMEOUT.text, 'frame_timeout');
    stopHello = awaitHello(f, frameId, s.origin, () => {
      clearTimeout(timer);
      void token.then((t) => {
        if (t && live()) {
          // built now, not at mount, so it carries the latest setLocale / update
          const init = message<InitMessage>({
            type: 'init',
            frame_id: frameId,
            token: t,
            fields: s.fields,
            locale: s.locale,
            appearance: s.appearance,
            auto_hide_seconds: s.autoHideSeconds,
            can_refresh: !!s.getClientAccessToken,
          });
          port = openChannel(f, s.origin, init, (m) => live() && receive(m));
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
        frame!.style.height = `${Math.ceil(m.height)}px`;
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
        refreshed = false;
        return s.getClientAccessToken && start();
      case 'error': {
        const e = m.error;
        if (e.code == 1014 && s.getClientAccessToken && !refreshed) {
          refreshed = true;
          return start();
        }
        const locale = isLocale(e.locale) ? e.locale : s.locale;
        return emit('onError', { code: e.code, message: e.message, locale, reason: e.reason, retryable: !!e.retryable });
      }
    }
  };

  start();
  void refusal.then(
    (r) =>
      r &&
      !destroyed &&
      fail(r.code, r.code == 1015 ? COPY_1015.text : { en_US: r, zh_CN: r }, r.code == 1015 ? 'origin_not_allowed' : undefined),
  );

  const post = (m: Outgoing) => port?.postMessage(message<ParentToFrameMessage>(m));
  /** reveal / hide: the argument is checked always; before ready there is nothing to send */
  const toggle = (type: 'reveal' | 'hide', field: unknown) => {
    if (destroyed) return;
    const checked = checkField(field);
    if (ready) post({ type, field: checked });
  };

  return {
    reveal: (field) => toggle('reveal', field),
    hide: (field) => toggle('hide', field),
    setLocale(locale) {
      if (destroyed) return;
      s.locale = checkLocale(locale);
      if (frame) frame.title = FRAME_TITLE[locale];
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
