import { isGrantableField } from '../shared/fields.js';
import { isLocale, type Locale } from '../shared/locale.js';
import { isAutoHideSeconds } from '../shared/protocol.js';
import { expect } from './errors.js';
import type { AppearanceUpdate } from '../shared/appearance.js';
import type { MountOptions } from './index.js';

/**
 * Mount options checked at the door, one by one, each failure a CardveilError 1004
 * naming the option (react-stripe-js: inputs are checked at run time even when typed,
 * because plain-JS merchants and `any` exist). The result is the SDK's own copy with
 * the defaults filled in, so later changes to the merchant's object don't reach us.
 * `appearance` alone is passed on as given: the frame checks it where it applies it.
 */
export interface Settings extends Omit<MountOptions, 'appearance'> {
  /** merged with each update(), `null`s included: a frame made later starts from all of it */
  appearance?: AppearanceUpdate;
  locale: Locale;
  autoHideSeconds: number;
  origin: string;
  helloTimeoutMs: number;
}

/** `scriptUrl`: where the SDK was loaded from, whose origin is the default display origin. */
export function validateOptions(options: unknown, scriptUrl?: string): Settings {
  expect(typeof options == 'object' && options, 'options');
  const o = { ...options } as Settings & Record<string, unknown>;
  // the public id: an API key, or anything else, has no business in the frame's URL
  // shared/api.ts's MERCHANT_ID, written inline: the constant costs the SDK 3 B (options.test.ts holds them equal)
  expect(/^mch_[\w-]{1,60}$/.test(o.merchantId), 'merchantId');
  const fetchToken = o.getClientAccessToken;
  expect(fetchToken == null || typeof fetchToken == 'function', 'getClientAccessToken');
  // The token is not checked here: a page whose origin is refused must still learn why
  // (DESIGN §6), and its merchant could mint no token for it. One missing or malformed is
  // reported once the embed check has spoken: its refusal (1015, 1013, 1022), or 1001 `token_unavailable`.
  const { fields } = o;
  expect(
    fields == null ||
      (Array.isArray(fields) && fields.every(isGrantableField) && new Set(fields).size == fields.length && fields[0]),
    'fields',
  );
  // copied too: a later change to the merchant's array would reach the next frame's init;
  // null becomes undefined, which init leaves out (the frame drops an init whose fields is null)
  o.fields = fields?.slice();
  o.appearance = portable(o.appearance);
  expect(isLocale((o.locale ??= 'en_US')), 'locale');
  expect(isAutoHideSeconds((o.autoHideSeconds ??= 30)), 'autoHideSeconds');
  const ms = (o.helloTimeoutMs ??= 15e3);
  // setTimeout fires at once past 2^31 - 1
  expect(typeof ms == 'number' && ms > 0 && ms < 2 ** 31, 'helloTimeoutMs');
  // The display origin reduced to scheme://host:port, so that it compares exactly with
  // `MessageEvent.origin`. Only http(s): an opaque origin ("null") would match messages
  // from any sandboxed frame.
  let url: URL | undefined;
  try {
    url = new URL((o.origin ?? scriptUrl)!);
  } catch {
    // reported below
  }
  expect(/^https?:$/.test(url?.protocol as string), 'origin');
  o.origin = url!.origin;
  return o;
}

/**
 * A copy of an appearance, or CardveilError 1004 `appearance` for one that cannot travel to
 * the frame (a function in it). Its tokens are the frame's to check (embed-host.ts); the
 * SDK only makes sure the message can be sent, at the call, not later when a hello comes.
 */
export function portable<T>(appearance: T): T {
  try {
    return structuredClone(appearance);
  } catch {
    expect(false, 'appearance');
  }
}
