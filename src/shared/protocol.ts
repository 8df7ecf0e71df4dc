import { isCardField, isGrantableField, type CardField, type GrantableField } from './fields.js';
import { isLocale, type Locale } from './locale.js';
import type { CardSummary } from './api.js';

/**
 * postMessage protocol v1 (DESIGN §7).
 *
 * 1. The SDK creates the iframe `/embed?merchant_id&frame_id&locale` with a random frame_id.
 * 2. Frame → parent, on window: `hello {frame_id}`. It carries no secret, so it is the one
 *    message posted with target `*` (the frame does not know its parent's origin yet).
 * 3. Parent → frame, on window, only after checking `event.source === iframe.contentWindow`
 *    and `event.origin === displayOrigin`: `init {frame_id, token, ...}` posted to the display
 *    origin exactly, transferring a MessagePort.
 * 4. The frame accepts `init` only from `window.parent`, takes `event.origin` as the parent
 *    origin and stops listening on window. Everything after travels over the port, which
 *    only the two ends hold: no origin checks are needed there, and nothing leaks to
 *    other windows.
 *
 * Every message carries the `cardveil: 1` namespace. Values never cross: events name
 * fields and codes only.
 */
export const PROTOCOL_VERSION = 1;

type Shaped<T extends string, P = object> = { cardveil: typeof PROTOCOL_VERSION; type: T } & P;

export type HelloMessage = Shaped<'hello', { frame_id: string }>;
export type InitMessage = Shaped<
  'init',
  {
    frame_id: string;
    token: string;
    /** what the page asks to show, `transactions` included; the token's grant bounds it */
    fields?: GrantableField[];
    locale: Locale;
    /** the merchant's `appearance` as given: the frame checks it against shared/appearance.ts */
    appearance?: unknown;
    auto_hide_seconds?: number;
    /** the parent can fetch a fresh token, so the frame may offer "retry" */
    can_refresh?: boolean;
  }
>;

/** What the SDK's onError and the frame's error states carry. */
export interface DisplayError {
  code: number;
  message: string;
  locale: Locale;
  /** a machine-readable hint for the integrator when the code alone is too coarse */
  reason?: string;
  retryable: boolean;
  /**
   * a failure that leaves the rest of the card shown and usable: the transactions panel's,
   * or the PIN's alone (4015, its row says what to do)
   */
  part?: 'transactions' | 'pin';
}

/**
 * The frame's `error` message: what onError carries, and more for a native app's bridge,
 * which gets the message whole (the SDK passes on only the DisplayError fields).
 */
export interface FrameError extends DisplayError {
  /** 1009: the seconds the server asked to wait, where it said (its Retry-After) */
  retryAfter?: number;
}

export type FrameToParentMessage =
  | Shaped<'ready', { fields: CardField[]; card: CardSummary }>
  | Shaped<'resize', { height: number }>
  | Shaped<'reveal' | 'hide' | 'copy', { field: CardField }>
  | Shaped<'error', { error: FrameError }>
  | Shaped<'expired'>
  /** the cardholder asked for a fresh view; the SDK mounts a new frame with a new token */
  | Shaped<'retry'>;

export type ParentToFrameMessage =
  | Shaped<'reveal' | 'hide', { field?: CardField }>
  | Shaped<'set-locale', { locale: Locale }>
  | Shaped<'update', { appearance: unknown }>;

/** Frame ids and tokens are short opaque strings; anything else is not ours. */
// `\w` is [A-Za-z0-9_] (no `u` or `i` flag): the same set, in fewer of the SDK's bytes
const OPAQUE = /^[\w-]{8,128}$/;

function record(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const r = data as Record<string, unknown>;
  return r.cardveil === PROTOCOL_VERSION && typeof r.type === 'string' ? r : null;
}

export function isOpaqueId(value: unknown): value is string {
  return typeof value === 'string' && OPAQUE.test(value);
}

/**
 * A frame id: DESIGN §7 says only "random", and the frame only compares it, so what a
 * parent may make it of is wide (`String(Math.random())`, a UUID, base64, URL-encoded in
 * the frame's address); not spaces, quotes or markup.
 */
const FRAME_ID = /^[\w.~:+/=-]{1,128}$/;

export function isFrameId(value: unknown): value is string {
  return typeof value === 'string' && FRAME_ID.test(value);
}

/**
 * The frame's hello for the frame id the parent made. Equality with that id says all a
 * shape check would: any other value, of any type, is not it. (Structured clones carry
 * no getters, so reading the properties of a stranger's data runs none of its code.)
 */
export function isHelloFor(data: unknown, frameId: string): data is HelloMessage {
  const r = data as Partial<HelloMessage> | null | undefined;
  return r?.cardveil === PROTOCOL_VERSION && r.type === 'hello' && r.frame_id === frameId;
}

export function isInitMessage(data: unknown): data is InitMessage {
  const r = record(data);
  if (r?.type !== 'init' || !isFrameId(r.frame_id) || !isOpaqueId(r.token) || !isLocale(r.locale)) {
    return false;
  }
  if (r.fields !== undefined && !(Array.isArray(r.fields) && r.fields.every(isGrantableField))) return false;
  if (r.auto_hide_seconds !== undefined && !isAutoHideSeconds(r.auto_hide_seconds)) return false;
  // `appearance` is the merchant's object as given: the frame checks it (embed-host.ts)
  return r.can_refresh === undefined || typeof r.can_refresh === 'boolean';
}

export function isAutoHideSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 600;
}

export function isParentToFrameMessage(data: unknown): data is ParentToFrameMessage {
  const r = record(data);
  switch (r?.type) {
    case 'reveal':
    case 'hide':
      return r.field === undefined || isCardField(r.field);
    case 'set-locale':
      return isLocale(r.locale);
    case 'update':
      return true; // the appearance is checked where it is applied (embed-host.ts)
    default:
      return false;
  }
}

export function isFrameToParentMessage(data: unknown): data is FrameToParentMessage {
  const r = record(data);
  switch (r?.type) {
    case 'ready':
      return Array.isArray(r.fields) && typeof r.card === 'object' && r.card !== null;
    case 'resize':
      return typeof r.height === 'number' && Number.isFinite(r.height) && r.height >= 0;
    case 'reveal':
    case 'hide':
    case 'copy':
      return isCardField(r.field);
    case 'error': {
      const e = r.error as Partial<DisplayError> | null;
      return typeof e === 'object' && e !== null && typeof e.code === 'number' && typeof e.message === 'string';
    }
    case 'expired':
    case 'retry':
      return true;
    default:
      return false;
  }
}

export function message<T extends FrameToParentMessage | ParentToFrameMessage | HelloMessage | InitMessage>(
  body: Omit<T, 'cardveil'>,
): T {
  return { cardveil: PROTOCOL_VERSION, ...body } as T;
}
