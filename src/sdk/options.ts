import { checkAppearance, type Appearance } from '../shared/appearance.js';
import { isCardField, type CardField } from '../shared/fields.js';
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

export function validateOptions(options: unknown, scriptOrigin?: string): Settings {
  expect(typeof options == 'object' && options, 'options', 'an object');
  const o = { ...options } as Settings & Record<string, unknown>;
  // the public id; an API key or anything else has no business in the frame's URL
  expect(/^mch_[\w-]{1,124}$/.test(o.merchantId), 'merchantId', 'your public merchant id, mch_...');
  expect(
    o.clientAccessToken == null ? o.getClientAccessToken : isOpaqueId(o.clientAccessToken),
    'clientAccessToken',
    'a client access token, or getClientAccessToken',
  );
  for (const key in o) {
    // getClientAccessToken and the on* callbacks
    expect(!/^(on|get)[A-Z]/.test(key) || o[key] == null || typeof o[key] == 'function', key, 'a function');
  }
  const fields = o.fields;
  expect(
    fields == null || (Array.isArray(fields) && fields.length && fields.every(isCardField) && new Set(fields).size == fields.length),
    'fields',
    'distinct fields from pan, expiry, cvv, pin',
  );
  o.locale = checkLocale(o.locale ?? 'en_US');
  o.autoHideSeconds ??= 30;
  expect(isAutoHideSeconds(o.autoHideSeconds), 'autoHideSeconds', 'whole seconds, 0 to 600');
  o.helloTimeoutMs ??= 15e3;
  expect(typeof o.helloTimeoutMs == 'number' && o.helloTimeoutMs > 0, 'helloTimeoutMs', 'a positive number');
  o.appearance = checkAppearanceOption(o.appearance);
  o.origin = checkOrigin(o.origin ?? scriptOrigin);
  return o;
}

/**
 * The display origin reduced to scheme://host:port, so that it compares exactly with
 * `MessageEvent.origin`. Only http(s): an opaque origin ("null") would match messages
 * from any sandboxed frame.
 */
function checkOrigin(value: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {
    // reported below
  }
  expect(typeof value == 'string' && url && /^https?:$/.test(url.protocol), 'origin', 'the display server origin, https://...');
  return url.origin;
}

export function checkLocale(value: unknown): Locale {
  expect(isLocale(value), 'locale', 'en_US or zh_CN');
  return value;
}

export function checkField(value: unknown): CardField | undefined {
  expect(value === undefined || isCardField(value), 'field', 'pan, expiry, cvv or pin');
  return value;
}

/** Allow-listed theme tokens only (shared/appearance.ts); the frame checks them again. */
export function checkAppearanceOption(value: unknown): Appearance {
  const result = checkAppearance(value);
  if (!result.ok) throw new CardveilError(1004, result.reason);
  return { ...result.value };
}
