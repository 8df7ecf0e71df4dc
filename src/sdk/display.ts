import { EMBED_REFUSALS, TIMEOUT_COPY } from '../shared/embed-check.js';
import { isLocale } from '../shared/locale.js';
import { isCardField } from '../shared/fields.js';
import {
  PROTOCOL_VERSION,
  isOpaqueId,
  message,
  type DisplayError,
  type FrameToParentMessage,
  type InitMessage,
  type ParentToFrameMessage,
} from '../shared/protocol.js';
import { checkEmbed, type EmbedCheck } from './embed-check.js';
import { renderError } from './error-view.js';
import { createFrame } from './frame.js';
import { createFrameId } from './frame-id.js';
import { awaitHello, openChannel } from './handshake.js';
import type { CardDisplay, Callbacks, ReadyEvent } from './index.js';
import { checkAppearanceOption, checkField, checkLocale, type Settings } from './options.js';

/** A message from the port before its checks: each property as the frame claims it. */
interface Incoming {
  cardveil?: unknown;
  type?: FrameToParentMessage['type'];
  field?: unknown;
  fields?: ReadyEvent['fields'];
  card?: ReadyEvent['card'];
  height?: number;
  error?: Partial<Record<keyof DisplayError, unknown>> & { reason?: string };
}

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
  /** the error the container shows itself: its code and the key of its copy */
  let shown: [code: number, copy: string | number] | undefined;
  /** the embed check's answer, once it is in: the words the container and the iframe show */
  let answer: EmbedCheck;

  /** The embed check's words for `key` (a code, or TIMEOUT_COPY) in the current locale. */
  const copyOf = (key: string | number) => answer?.data?.copy?.[key]?.[s.locale];

  /** Puts the locale's words where they show: the iframe's name and the container's error. */
  const paint = () => {
    if (frame) frame.title = answer?.data?.title?.[s.locale] ?? '';
    if (shown) wrapper.replaceChildren(renderError(shown[0], copyOf(shown[1]), answer?.data?.code_label?.[s.locale]));
  };

  /** Resolves to the refusal's code, or 0 when allowed or when the check itself failed. */
  const refusal = checkEmbed(s.origin, s.merchantId, s.locale).then((a) => {
    answer = a;
    paint();
    return EMBED_REFUSALS.includes(a?.code as never) ? (a!.code as number) : 0;
  });

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

  /**
   * No frame can show this error, so the container does, and the merchant hears of it.
   * `copy` keys the words in the embed check's answer: the code, or TIMEOUT_COPY.
   */
  const fail = (code: number, copy: string | number, reason?: string) => {
    clear();
    shown = [code, copy];
    paint();
    // 1001s are local trouble (timeout, token) that a reload may cure; refusals are not
    emit('onError', { code, message: copyOf(copy)?.title ?? '', locale: s.locale, reason, retryable: code == 1001 });
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
    paint();
    // When the page's origin is refused, the merchant's mint refuses it too: let the
    // embed check's 1015 explain a missing token, rather than a vaguer 1001 before it.
    void token.then(async (t) => {
      if (!t && !(await refusal) && live()) fail(1001, TIMEOUT_COPY, 'token_unavailable');
    });
    timer = setTimeout(fail, s.helloTimeoutMs, 1001, TIMEOUT_COPY, 'frame_timeout');
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
          port = openChannel(f, s.origin, init, (m) => live() && receive(m as never));
        }
      });
    });
  };

  /**
   * What the frame says over the port. Only the frame holds the other end (it went to the
   * display origin exactly, step 3), so this is no trust boundary, and the check is the
   * namespace plus, in each case, what that case passes on to the merchant: field names
   * from the closed set (never a value), a height that is a number, an error with a
   * numeric code and a message.
   */
  const receive = (m: Incoming | null | undefined) => {
    if (m?.cardveil != PROTOCOL_VERSION) return;
    const field = isCardField(m.field) && { field: m.field };
    switch (m.type) {
      case 'ready':
        ready = true;
        return emit('onReady', { fields: m.fields!, card: m.card! });
      case 'resize':
        if (Number.isFinite(m.height) && m.height! >= 0) {
          frame!.style.height = `${Math.ceil(m.height!)}px`;
          emit('onResize', { height: m.height! });
        }
        return;
      case 'reveal':
        return field && emit('onReveal', field);
      case 'hide':
        return field && emit('onHide', field);
      case 'copy':
        return field && emit('onCopy', field);
      case 'expired':
        return emit('onExpired');
      case 'retry':
        // the cardholder asked for a fresh view: new token, new frame, new 1014 allowance
        refreshed = false;
        return s.getClientAccessToken && start();
      case 'error': {
        const e = m.error ?? {};
        if (typeof e.code != 'number' || typeof e.message != 'string') return;
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
  void refusal.then((code) => code && !destroyed && fail(code, code, code == 1015 ? 'origin_not_allowed' : undefined));

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
      post({ type: 'set-locale', locale });
      paint();
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
