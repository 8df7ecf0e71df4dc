import { useEffect, useLayoutEffect, useRef, type CSSProperties } from 'react';
import { mount, type Appearance, type CardDisplay as Display, type MountOptions } from '../sdk/index.js';
import { appearanceChange } from './appearance-change.js';

type Callbacks = Pick<MountOptions, 'onReady' | 'onReveal' | 'onHide' | 'onCopy' | 'onError' | 'onResize' | 'onExpired'>;

export interface CardDisplayProps extends Omit<MountOptions, keyof Callbacks>, Callbacks {
  className?: string;
  style?: CSSProperties;
  /** receives the mounted display (reveal, hide, …), or null once it is gone */
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
 */
export function CardDisplay(props: CardDisplayProps) {
  const host = useRef<HTMLDivElement>(null);
  const display = useRef<Display | null>(null);
  const latest = useRef(props);
  // Callbacks read the latest props at call time, so passing new closures never remounts.
  useLayoutEffect(() => {
    latest.current = props;
  });

  const { merchantId, clientAccessToken, getClientAccessToken, origin, autoHideSeconds, helloTimeoutMs } = props;
  const fieldsKey = props.fields?.join(',');

  useEffect(() => {
    const p = latest.current;
    const relay =
      <K extends keyof Callbacks>(name: K) =>
      (...args: Parameters<NonNullable<Callbacks[K]>>) =>
        (latest.current[name] as ((...a: typeof args) => void) | undefined)?.(...args);
    const d = mount(host.current!, {
      merchantId,
      clientAccessToken,
      // the latest function, so a new closure each render does not remount the frame
      getClientAccessToken: getClientAccessToken && (() => latest.current.getClientAccessToken!()),
      fields: p.fields,
      locale: p.locale,
      appearance: p.appearance,
      autoHideSeconds,
      origin,
      helloTimeoutMs,
      onReady: relay('onReady'),
      onReveal: relay('onReveal'),
      onHide: relay('onHide'),
      onCopy: relay('onCopy'),
      onError: relay('onError'),
      onResize: relay('onResize'),
      onExpired: relay('onExpired'),
    });
    display.current = d;
    p.displayRef?.(d);
    return () => {
      d.destroy();
      display.current = null;
      latest.current.displayRef?.(null);
    };
    // `getClientAccessToken` matters only by presence; the current one is read through the ref.
  }, [merchantId, clientAccessToken, !!getClientAccessToken, fieldsKey, origin, autoHideSeconds, helloTimeoutMs]); // eslint-disable-line react-hooks/exhaustive-deps

  const { locale } = props;
  useEffect(() => {
    // no locale is the SDK's default, so dropping the prop goes back to it
    display.current?.setLocale(locale ?? 'en_US');
  }, [locale]);

  // The appearance the display has; a change sends what to set and what to reset (update() merges).
  const appearanceKey = JSON.stringify(props.appearance ?? {});
  const shown = useRef(appearanceKey);
  useEffect(() => {
    if (appearanceKey === shown.current) return;
    display.current?.update(appearanceChange(JSON.parse(shown.current) as Appearance, JSON.parse(appearanceKey) as Appearance));
    shown.current = appearanceKey;
  }, [appearanceKey]);

  return <div ref={host} className={props.className} style={props.style} />;
}
