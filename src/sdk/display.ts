import { EMBED_REFUSALS, FRAME_CANNOT_SHOW, TIMEOUT_COPY, type EmbedCheckData } from '../shared/embed-check.js';
import { isCardField } from '../shared/fields.js';
import { isLocale, type Localized } from '../shared/locale.js';
import {
  PROTOCOL_VERSION,
  isOpaqueId,
  message,
  type DisplayError,
  type FrameToParentMessage,
  type InitMessage,
  type ParentToFrameMessage,
} from '../shared/protocol.js';
import { checkEmbed } from './embed-check.js';
import { renderError } from './error-view.js';
import { createFrame } from './frame.js';
import { createFrameId } from './frame-id.js';
import { portable } from './options.js';
import { awaitHello, openChannel } from './handshake.js';
import type { CardDisplay, CardField, Callbacks, ReadyEvent } from './index.js';
import { expect } from './errors.js';
import type { Settings } from './options.js';

/** A message from the port before its checks: each property as the frame claims it. */
interface Incoming {
  cardveil?: unknown;
  type?: FrameToParentMessage['type'];
  field?: unknown;
  fields?: ReadyEvent['fields'];
  card?: ReadyEvent['card'];
  height?: number;
  error?: Partial<Record<keyof DisplayError, unknown>> & Pick<DisplayError, 'reason' | 'part'>;
}

type Outgoing<M = ParentToFrameMessage> = M extends unknown ? Omit<M, 'cardveil'> : never;

/**
 * One mounted display. All of its state lives in this closure, so two instances, or
 * React StrictMode's mount / destroy / mount, share nothing. Each frame it creates
 * stands for its whole generation: whatever arrives late for an older one (a token, a
 * hello, a port message), or after destroy, finds another frame current, and is dropped.
 */
export function createDisplay(root: Element, s: Settings): CardDisplay {
  const wrapper = root.appendChild(document.createElement('div'));
  let destroyed = false;
  let ready = false;
  /** a 1014 gets one silent token refresh (error-codes.md); a cardholder's retry resets it */
  let refreshed = false;
  /** the merchant's static token serves the first frame only */
  let staticToken = s.clientAccessToken;
  let frame: HTMLIFrameElement | undefined;
  let port: MessagePort | undefined;
  let stopHello: (keepListening?: 1) => void = () => {};
  /** the code of the error the container shows itself */
  let shown: number | undefined;
  /** the embed check's answer, once it is in: the words the container and the iframe show */
  let words: Partial<EmbedCheckData> | undefined;

  /** One of the embed check's texts in the current locale; the answer may hold anything. */
  const say = <T>(text?: Partial<Localized<T>>) => text?.[s.locale];

  /** The container's words for an error: under its code, or TIMEOUT_COPY for the SDK's own 1001s. */
  const copyOf = (code: number) => say(words?.copy?.[code == 1001 ? TIMEOUT_COPY : code]);

  /** Puts the locale's words where they show: the iframe's name and the container's error. */
  const paint = () => {
    // until the embed check answers, or where the page's CSP (connect-src) keeps it from asking
    if (frame) frame.title = say(words?.title) ?? 'Cardveil';
    if (shown) show(renderError(shown, s.locale, copyOf(shown), say(words?.code_label)));
  };

  /**
   * Puts a frame or an error in the container. Focus in what it replaces moves to it, not to
   * the top of the merchant's page: a cardholder who pressed Retry with the keyboard stays in
   * the card (whose card view then puts focus on its first control, card-panel.tsx), and one
   * whose frame gives way to an error hears it.
   */
  const show = (view: HTMLElement) => {
    const focused = wrapper.contains(document.activeElement);
    wrapper.replaceChildren(view);
    if (focused) view.focus();
  };

  /** Resolves to the refusal's code, or 0 when allowed or when the check itself failed. */
  const refusal = checkEmbed(s).then((answer) => {
    words = answer?.data;
    paint();
    return EMBED_REFUSALS.includes(answer?.code as never) ? (answer!.code as number) : 0;
  });

  const emit = <K extends keyof Callbacks>(name: K, ...event: Parameters<Callbacks[K]>) =>
    destroyed || (s[name] as ((...a: unknown[]) => void) | undefined)?.(...event);

  /** Ends the current frame: its handshake (and hello timer) and its port. What shows next replaces it. */
  const clear = () => {
    ready = false;
    stopHello();
    port?.close();
    port = frame = shown = undefined;
  };

  /** No frame can show this error, so the container does, and the merchant hears of it. */
  const fail = (code: number, reason?: string) => {
    clear();
    shown = code;
    paint();
    // 1001s are local trouble (timeout, token) that a reload may cure; refusals are not
    emit('onError', { code, message: copyOf(code)?.title ?? '', locale: s.locale, reason, retryable: code == 1001 });
  };

  /** A new frame and handshake. The token is fetched while the frame loads, not after hello. */
  const start = () => {
    clear();
    const frameId = createFrameId();
    const f = (frame = createFrame(s, frameId));
    const live = () => frame == f;
    const token = new Promise<unknown>((resolve) => resolve(staticToken ?? s.getClientAccessToken!())).then(
      (t) => (isOpaqueId(t) ? t : ''),
      () => '',
    );
    staticToken = undefined;
    paint(); // named before it can take focus
    show(f);
    // Where the embed check refused (a page not allowed, PCI display off, a frozen
    // merchant), the merchant's mint refuses too: that code explains a missing token, which
    // no frame can show without an exchange, rather than a vaguer 1001. (1015 and 1021 are
    // reported below first, which ends this frame.)
    void token.then(async (t) => {
      const code = !t && (await refusal);
      if (!t && live()) fail(code || 1001, code ? undefined : 'token_unavailable');
    });
    // A hello after `init` went is the frame's document loaded anew (the page moved the
    // iframe, into a dialog say): its view and port are gone, so a fresh view starts, as a
    // Retry would. One before is the same document's, or a new one's that `init` will reach.
    const onHello = () =>
      port
        ? start()
        : token.then((t) => {
            // built now, not at mount, so it carries the latest setLocale / update
            if (t && live() && !port) {
              stopHello(1);
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
                (m) => live() && receive(m as never),
              );
            }
          });
    stopHello = awaitHello(f, frameId, s.origin, s.helloTimeoutMs, onHello, () => fail(1001, 'frame_timeout'));
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
      case 'resize': {
        const { height } = m;
        if (Number.isFinite(height) && height! >= 0) {
          frame!.style.height = `${Math.ceil(height!)}px`;
          emit('onResize', { height: height! });
        }
        return;
      }
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
        const { code, message, locale, reason, retryable, part } = m.error ?? {};
        if (typeof code != 'number' || typeof message != 'string') return;
        if (code == 1014 && s.getClientAccessToken && !refreshed) {
          refreshed = true;
          return start();
        }
        // part: that part of the frame failed (the transactions panel, the PIN), and the rest still works
        return emit('onError', {
          code,
          message,
          locale: isLocale(locale) ? locale : s.locale,
          reason,
          retryable: !!retryable,
          part,
        });
      }
    }
  };

  start();
  // Only where no frame can show it; a missing token is explained by any refusal (above).
  void refusal.then(
    (code) =>
      FRAME_CANNOT_SHOW.includes(code as never) && !destroyed && fail(code, code == 1015 ? 'origin_not_allowed' : undefined),
  );

  const post = (m: Outgoing) => port?.postMessage(message<ParentToFrameMessage>(m));
  /** reveal / hide: the argument is checked always; before ready there is nothing to send */
  const toggle = (type: 'reveal' | 'hide') => (field?: CardField) => {
    if (destroyed) return;
    expect(field === undefined || isCardField(field), 'field');
    if (ready) post({ type, field });
  };

  return {
    reveal: toggle('reveal'),
    hide: toggle('hide'),
    setLocale(locale) {
      if (destroyed) return;
      expect(isLocale(locale), 'locale');
      s.locale = locale;
      post({ type: 'set-locale', locale });
      paint();
    },
    update(appearance) {
      if (destroyed) return;
      // The frame checks it, and answers a refusal with a 1004 error event (embed-host.ts).
      // One that cannot travel (a function in it) throws 1004 here, and is not kept.
      const change = portable(appearance);
      post({ type: 'update', appearance: change });
      // kept merged, as the frame merges it: a frame made later (a refresh, a retry) starts from all of it
      s.appearance = { ...s.appearance, ...change };
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clear();
      wrapper.remove();
    },
  };
}
