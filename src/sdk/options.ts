import { checkAppearance, type Appearance } from '../shared/appearance.js';
import { isCardField, isGrantableField, type CardField } from '../shared/fields.js';
import { isLocale, type Locale } from '../shared/locale.js';
import { isAutoHideSeconds, isOpaqueId } from '../shared/protocol.js';
import { CardveilError, expect } from './errors.js';
import type { MountOptions } from './index.js';

/**
 * Mount options checked at the door, one by one, each failure a CardveilError 1004
 * naming the option (react-stripe-js: inputs are checked at run time even when typed,
 * because plain-JS merchants and `any` exist). The result is the SDK's own copy with
 * the defaults filled in, so later changes to the merchant's object don't reach us.
 */
export interface Settings extends MountOptions {
  locale: Locale;
  appearance: Appearance;
  autoHideSeconds: number;
  origin: string;
  helloTimeoutMs: number;
}

const FIELDS = 'pan, expiry, cvv or pin';

/** `scriptUrl`: where the SDK was loaded from, whose origin is the default display origin. */
export function validateOptions(options: unknown, scriptUrl?: string): Settings {
  expect(typeof options == 'object' && options, 'options', 'an object');
  const o = { ...options } as Settings & Record<string, unknown>;
  // the public id: an API key, or anything else, has no business in the frame's URL
  expect(/^mch_[\w-]{1,124}$/.test(o.merchantId), 'merchantId', 'your public id, mch_...');
  expect(
    o.clientAccessToken == null ? o.getClientAccessToken : isOpaqueId(o.clientAccessToken),
    'clientAccessToken',
    'a token, or getClientAccessToken',
  );
  const fields = o.fields;
  expect(
    fields == null ||
      (Array.isArray(fields) && fields.every(isGrantableField) && new Set(fields).size == fields.length && fields[0]),
    'fields',
    `distinct ${FIELDS}`,
  );
  o.locale = checkLocale(o.locale ?? 'en_US');
  expect(isAutoHideSeconds((o.autoHideSeconds ??= 30)), 'autoHideSeconds', 'whole seconds, 0 to 600');
  const ms = (o.helloTimeoutMs ??= 15e3);
  // setTimeout fires at once past 2^31 - 1
  expect(typeof ms == 'number' && ms > 0 && ms < 2 ** 31, 'helloTimeoutMs', 'milliseconds');
  o.appearance = checkAppearanceOption(o.appearance);
  o.origin = checkOrigin(o.origin ?? scriptUrl);
  return o;
}

/**
 * The display origin reduced to scheme://host:port, so that it compares exactly with
 * `MessageEvent.origin`. Only http(s): an opaque origin ("null") would match messages
 * from any sandboxed frame.
 */
function checkOrigin(value: unknown): string {
  let origin: string | undefined;
  try {
    const url = new URL(value as string);
    if (/^https?:$/.test(url.protocol)) origin = url.origin;
  } catch {
    // reported below
  }
  expect(origin, 'origin', 'the display server origin, https://...');
  return origin;
}

export function checkLocale(value: unknown): Locale {
  expect(isLocale(value), 'locale', 'en_US or zh_CN');
  return value;
}

export function checkField(value: unknown): CardField | undefined {
  expect(value === undefined || isCardField(value), 'field', FIELDS);
  return value;
}

/** Theme tokens only, never CSS (shared/appearance.ts): anything else is a CardveilError 1004. */
export function checkAppearanceOption(value: unknown): Appearance {
  const checked = checkAppearance(value);
  if (!checked.ok) throw new CardveilError(1004, checked.reason);
  return checked.value;
}
