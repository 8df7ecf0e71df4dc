import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { mount, type CardDisplay as Display, type MountOptions } from '../sdk/index.js';
import { appearanceChange } from './appearance-change.js';
import { isLocale } from '../shared/locale.js';
import {
  appearanceKeyOf,
  deferredTokenSource,
  namesUnfollowedOption,
  runOrReport,
  unfollowedOptionsKey,
  usableStaticToken,
} from './mount-guard.js';

// What a merchant catches (displayRef's methods throw it) and types its displayRef with: the
// class is this bundle's own, so an `instanceof` check must import it from here.
export { CardveilError } from '../sdk/index.js';
export type { CardDisplay as Display, DisplayError } from '../sdk/index.js';

// No effect runs in server rendering, but React 18 warns of a layout effect there (a
// 'use client' component still renders on the server, in Next.js say): a plain one is the same no-op.
const useLayoutEffectInBrowser = typeof document == 'undefined' ? useEffect : useLayoutEffect;

type Callbacks = Pick<MountOptions, 'onReady' | 'onReveal' | 'onHide' | 'onCopy' | 'onError' | 'onResize' | 'onExpired'>;

export interface CardDisplayProps extends Omit<MountOptions, keyof Callbacks | 'origin'>, Callbacks {
  /**
   * The display server's origin. Required here: bundled into the merchant's app, the binding
   * cannot tell where Cardveil is served from, as the script build does.
   */
  origin: string;
  className?: string;
  style?: CSSProperties;
  /**
   * receives the mounted display (reveal, hide, …), or null once it is gone; a new function
   * takes the display over without a remount, the old one hearing null (as a callback ref)
   */
  displayRef?: (display: Display | null) => void;
}

/**
 * `<CardDisplay>`: the SDK as a React component (react-stripe-js's lessons). The frame
 * is mounted once per card view — merchant, token source, fields and origin — and the
 * rest follows without a remount: `locale` through setLocale, `appearance` through
 * update, callbacks through refs. Correct under StrictMode's mount / unmount / mount:
 * each mount gets its own frame and the first is destroyed with all its listeners.
 * Which card it shows is the token's business, not a prop's: give each card its own
 * `key` (`<CardDisplay key={cardId} …/>`), so another card is another mount.
 *
 * A remount (new fields, origin or auto-hide) never presents a `clientAccessToken` a frame
 * has already used: it is single-use, and would only show 1014. With `getClientAccessToken`
 * the new frame fetches a fresh one; without it, 1014 is the truth. Options `mount()` or
 * `setLocale()` refuses (CardveilError 1004) reach `onError` when there is one, instead of
 * unmounting the merchant's tree from an effect; without one they throw, as in development
 * they should. A refused locale leaves the card in the language it had (the default, at
 * mount), until a known one comes.
 */
export function CardDisplay(props: CardDisplayProps) {
  const host = useRef<HTMLDivElement>(null);
  const display = useRef<Display | null>(null);
  const latest = useRef(props);
  // Callbacks read the latest props at call time, so passing new closures never remounts.
  useLayoutEffectInBrowser(() => {
    latest.current = props;
  });

  const { merchantId, clientAccessToken, getClientAccessToken, origin, autoHideSeconds } = props;
  const fieldsKey = props.fields?.join(',');
  /**
   * the static token a frame may have presented: one that answered about it (ready, or an
   * error), or a mount that outlived StrictMode's extra teardown, whose frame may have said
   * hello and sent it before a prop change took it down
   */
  const spent = useRef<string | undefined>(undefined);
  // A mount() that refused its options (onError has the 1004) leaves no display. Refused for
  // one the effect below does not follow (`appearance`, `helloTimeoutMs`, what
  // `getClientAccessToken` is), it mounts again once those change (mount-guard.ts).
  const refusedWith = useRef<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  /** the `displayRef` that has the display now: the one to tell when it goes */
  const handedTo = useRef<DisplayRef>(undefined);

  useEffect(() => {
    const p = latest.current;
    const relay =
      <K extends keyof Callbacks>(name: K) =>
      (...args: Parameters<NonNullable<Callbacks[K]>>) =>
        (latest.current[name] as ((...a: typeof args) => void) | undefined)?.(...args);
    // A frame that answered has presented the static token; StrictMode's first mount, gone
    // before its frame said hello, has not, and the second may still use it.
    const presented =
      <K extends 'onReady' | 'onError'>(name: K) =>
      (...args: Parameters<NonNullable<Callbacks[K]>>) => {
        spent.current = clientAccessToken;
        relay(name)(...args);
      };
    let tornDown = false;
    let refused: string | undefined;
    const d = runOrReport(
      () =>
        mount(host.current!, {
          merchantId,
          clientAccessToken: usableStaticToken(clientAccessToken, spent.current, !!getClientAccessToken),
          // the latest function, so a new closure each render does not remount the frame;
          // called after StrictMode's extra teardown, so its first mount mints nothing
          // (anything else is mount()'s to refuse, by name)
          getClientAccessToken:
            typeof getClientAccessToken === 'function'
              ? deferredTokenSource(
                  () => latest.current.getClientAccessToken!(),
                  () => tornDown,
                )
              : getClientAccessToken,
          fields: p.fields,
          // an unknown locale is reported by the locale effect below, and the card shows in
          // the default meanwhile: refused here, the frame would wait for a remount
          locale: isLocale(p.locale) ? p.locale : undefined,
          appearance: p.appearance,
          autoHideSeconds,
          origin,
          // read at mount only: a new value waits for the next mount rather than forcing one
          helloTimeoutMs: p.helloTimeoutMs,
          onReady: presented('onReady'),
          onReveal: relay('onReveal'),
          onHide: relay('onHide'),
          onCopy: relay('onCopy'),
          onError: presented('onError'),
          onResize: relay('onResize'),
          onExpired: relay('onExpired'),
        }),
      p.onError &&
        ((error) => {
          refused = error.reason;
          p.onError!(error);
        }),
      p.locale,
    );
    if (!d) {
      refusedWith.current = namesUnfollowedOption(refused) ? unfollowedOptionsKey(p) : null;
      return;
    }
    refusedWith.current = null;
    display.current = d;
    handOver(handedTo, p.displayRef, d);
    // StrictMode tears its first mount down within this commit, before any microtask: that
    // frame never loaded. Any later teardown may come after the token left in `init`.
    let outlivedCommit = false;
    queueMicrotask(() => (outlivedCommit = true));
    return () => {
      tornDown = true;
      if (outlivedCommit) spent.current = clientAccessToken;
      d.destroy();
      display.current = null;
      handOver(handedTo, undefined, null);
    };
    // `getClientAccessToken` matters only by presence; the current one is read through the ref.
  }, [merchantId, clientAccessToken, !!getClientAccessToken, fieldsKey, origin, autoHideSeconds, attempt]); // eslint-disable-line react-hooks/exhaustive-deps

  // A new `displayRef` takes the display over without a remount, as React does with a
  // callback ref: the one that had it hears null, the new one gets it.
  const { displayRef } = props;
  useEffect(() => {
    if (display.current && handedTo.current !== displayRef) handOver(handedTo, displayRef, display.current);
  }, [displayRef]);

  const refusable = unfollowedOptionsKey(props);
  useEffect(() => {
    if (refusedWith.current !== null && refusedWith.current !== refusable) setAttempt((n) => n + 1);
  }, [refusable]);

  const { locale } = props;
  useEffect(() => {
    // no locale is the SDK's default, so dropping the prop goes back to it; one the SDK
    // refuses (a selector's 'zh-CN') goes to onError, and the card keeps its language
    runOrReport(() => display.current?.setLocale(locale ?? 'en_US'), latest.current.onError, locale);
  }, [locale]);

  // The appearance the display has; a change sends what to set and what to reset (update()
  // merges). Compared by a key that any value makes (a BigInt, a cycle), sent as it is, so
  // that update() refuses what mount() would, to onError.
  const { appearance } = props;
  const appearanceKey = appearanceKeyOf(appearance);
  const shown = useRef({ key: appearanceKey, appearance });
  useEffect(() => {
    if (appearanceKey === shown.current.key) return;
    const change = appearanceChange(shown.current.appearance, appearance);
    // what update() refuses, the display does not have: the next change is made from what it has
    const sent = runOrReport(() => (display.current?.update(change), true), latest.current.onError, latest.current.locale);
    if (sent) shown.current = { key: appearanceKey, appearance };
  }, [appearanceKey]); // eslint-disable-line react-hooks/exhaustive-deps

  return <div ref={host} className={props.className} style={props.style} />;
}

type DisplayRef = CardDisplayProps['displayRef'];

/** Gives `display` to `to` (none: nobody holds it now); the ref that held it hears null first. */
function handOver(holder: { current: DisplayRef }, to: DisplayRef, display: Display | null): void {
  holder.current?.(null);
  holder.current = to;
  to?.(display);
}
