/**
 * Cardveil merchant SDK: mounts the card-display iframe and speaks postMessage
 * protocol v1 with it (DESIGN §7). Dependency-free; the card's values never reach
 * this page: events carry field names, codes and localized messages only.
 *
 *   const display = Cardveil.mount('#card', { merchantId: 'mch_...', getClientAccessToken });
 *
 * Errors reach `onError` as `{code, message, locale, reason?, retryable, part?}` (`part`,
 * 'transactions' or 'pin': that part failed, the rest of the card still shown). The ones the
 * SDK raises itself, and what the integrator should fix:
 * - 1015, reason `origin_not_allowed`: this page's origin is not in the merchant's
 *   whitelist, so the browser refused the frame (CSP frame-ancestors). Add the origin
 *   (scheme, host and port exactly) to the merchant's allowed origins.
 * - 1021: the merchant id is unknown. 1013 / 1022, where the page has no token (the
 *   merchant's mint refuses for the same reason): PCI display is off, or the merchant is
 *   not active. With a token, the frame shows these itself.
 * Their `message` is the cardholder's sentence the container shows, which comes with the
 * server's embed check (shared/embed-check.ts); empty when that check failed too.
 * - 1001, reason `frame_timeout`: the frame never said hello within `helloTimeoutMs`, or
 *   `getClientAccessToken` did not settle in that time. Usually this page's own
 *   Content-Security-Policy: its `frame-src` (or `child-src`, `default-src`) must allow the
 *   display origin. Otherwise the network, a wrong `origin`, the merchant's backend, or a
 *   page framing this one from outside the whitelist (frame-ancestors checks every
 *   ancestor; the embed check sees this page's origin only).
 * - 1001, reason `token_unavailable`: `getClientAccessToken` rejected or returned
 *   something that is not a client access token.
 * Every other code comes from the frame (src/shared/error-codes.ts, state-copy.ts); a 1014 is first
 * answered silently with one fresh token when `getClientAccessToken` is given.
 */
import type { Appearance, AppearanceUpdate } from '../shared/appearance.js';
import type { CardSummary } from '../shared/api.js';
import type { CardField, GrantableField } from '../shared/fields.js';
import type { Locale } from '../shared/locale.js';
import type { DisplayError } from '../shared/protocol.js';
import { scriptUrl } from './script-url.js';
import { createDisplay } from './display.js';
import { expect } from './errors.js';
import { validateOptions } from './options.js';

export { CardveilError, type CardveilErrorCode } from './errors.js';
export type { Appearance, AppearanceUpdate, CardField, CardSummary, DisplayError, Locale };

export interface ReadyEvent {
  fields: CardField[];
  card: CardSummary;
}

export interface FieldEvent {
  field: CardField;
}

export interface ResizeEvent {
  height: number;
}

/** Never invoked after destroy(). */
export interface Callbacks {
  /** the frame shows the card, masked; fires again after a silent token refresh */
  onReady(event: ReadyEvent): void;
  onReveal(event: FieldEvent): void;
  onHide(event: FieldEvent): void;
  onCopy(event: FieldEvent): void;
  onError(error: DisplayError): void;
  /** the iframe has already been resized to `height` CSS pixels */
  onResize(event: ResizeEvent): void;
  /** the display session ended; mount again (with a new token) to show the card again */
  onExpired(): void;
}

export interface MountOptions extends Partial<Callbacks> {
  /** the merchant's public id, `mch_...`; the frame's CSP frame-ancestors follow its whitelist */
  merchantId: string;
  /** a client access token minted by the merchant's server for this page's origin */
  clientAccessToken?: string;
  /**
   * Fetches a fresh client access token from the merchant's server. Called at mount
   * (unless `clientAccessToken` is given), once more on a 1014, and when the cardholder
   * presses retry in the frame.
   */
  getClientAccessToken?: () => Promise<string>;
  /** defaults to every field the token grants */
  fields?: GrantableField[];
  /** default en_US */
  locale?: Locale;
  /**
   * allow-listed theme tokens, never CSS. The frame checks them: a refused token reaches
   * onError as 1004 with `reason` `appearance.<token>`, and the card shows without it. One
   * that cannot be sent to the frame at all (a function in it) makes mount() throw 1004.
   */
  appearance?: Appearance;
  /** how long a revealed field stays revealed: whole seconds, 0–600, default 30 */
  autoHideSeconds?: number;
  /** the display server's origin; defaults to the origin the SDK script was loaded from */
  origin?: string;
  /** how long to wait for the frame's hello and the token before reporting 1001 frame_timeout; default 15000 */
  helloTimeoutMs?: number;
}

export interface CardDisplay {
  /** reveal one field, or all; a no-op until onReady */
  reveal(field?: CardField): void;
  /** hide one field, or all; a no-op until onReady */
  hide(field?: CardField): void;
  setLocale(locale: Locale): void;
  /**
   * merges these tokens into the appearance, `null` putting one back to its default; a
   * refused one reaches onError as at mount, and one that cannot be sent throws 1004
   */
  update(appearance: AppearanceUpdate): void;
  /** removes the frame and every listener; idempotent, and later calls are no-ops */
  destroy(): void;
}

/**
 * Mounts the display into `target` (a selector or an element), replacing one mounted there
 * before. Throws CardveilError 1004, naming the option, when the target or an option is invalid.
 */
export function mount(target: string | Element, options: MountOptions): CardDisplay {
  const settings = validateOptions(options, scriptUrl);
  let root: (Element & { cardveil?: CardDisplay }) | null = null;
  try {
    root = typeof target == 'string' ? document.querySelector(target) : target;
  } catch {
    // an invalid selector: reported below like a missing element
  }
  expect(root?.nodeType == 1, 'target');
  // One display per element: a page that mounts again on each visit to a view replaces its
  // card rather than stacking another (the element keeps its display for that, and for nothing else)
  root.cardveil?.destroy();
  return (root.cardveil = createDisplay(root, settings));
}
