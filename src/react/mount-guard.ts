import { CardveilError, type DisplayError } from '../sdk/index.js';
import { INVALID_PARAMETER, namingField } from '../shared/error-codes.js';
import { parseLocale } from '../shared/locale.js';

/**
 * The static token a new mount may present. Not one a frame of this component has already
 * presented, when a fresh one can be fetched instead: it is single-use, and could only
 * show 1014. Without `getClientAccessToken`, it goes again, and 1014 is the truth.
 */
export function usableStaticToken(token: string | undefined, spent: string | undefined, canFetch: boolean): string | undefined {
  return canFetch && token !== undefined && token === spent ? undefined : token;
}

/**
 * Runs an SDK call that checks its arguments: `mount()`, `setLocale()`. What it
 * refuses (CardveilError, 1004) goes to `onError` when there is one: thrown from an effect,
 * it would unmount the merchant's whole tree. Without one it is thrown, as in development
 * it should be; anything else is thrown as is. `locale` is the one the error is told in
 * (the default when it is the refused value itself).
 */
export function runOrReport<D>(run: () => D, onError: ((error: DisplayError) => void) | undefined, locale?: unknown): D | null {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof CardveilError) || !onError) throw e;
    // `onError`'s message is in the display's language, like every other one it gets; the
    // reason keeps the SDK's own words, which name the option first (`origin: …`)
    const told = parseLocale(locale);
    const option = e.reason.split(':')[0]!;
    onError({
      code: e.code,
      message: namingField(option, INVALID_PARAMETER[told], told),
      locale: told,
      reason: e.reason,
      retryable: false,
    });
    return null;
  }
}

/**
 * The token source handed to `mount()`: the merchant's own, called a microtask later, and
 * not at all once that mount was torn down. In development, StrictMode mounts, tears down
 * and mounts again within one commit (react-dom runs the extra teardown and setup right
 * after the effects, before any microtask), so the first mount's frame is gone before its
 * token would be minted: one mint per card view, not two. A torn-down mount's source
 * rejects, which its destroyed display ignores.
 */
export function deferredTokenSource(fetchToken: () => Promise<string>, tornDown: () => boolean): () => Promise<string> {
  return () => Promise.resolve().then(() => (tornDown() ? Promise.reject(new Error('unmounted')) : fetchToken()));
}

/**
 * The options `mount()` checks that `<CardDisplay>`'s mount effect does not follow. After a
 * refusal naming one of them, a change to it is worth a new try; a refusal of any other
 * option is tried again when that option changes, which the effect follows anyway.
 */
const UNFOLLOWED_OPTIONS = ['appearance', 'helloTimeoutMs', 'getClientAccessToken'] as const;

/** Whether a refusal's reason (`helloTimeoutMs: Invalid request parameter`) names one of those options. */
export const namesUnfollowedOption = (reason: string | undefined): boolean =>
  UNFOLLOWED_OPTIONS.some((option) => reason?.startsWith(`${option}:`));

/**
 * A string that changes when one of those options does: a correction, not a re-render. Kept
 * faithful where JSON is not: NaN, Infinity and no value differ, a function, symbol or BigInt
 * is named, and an object that is not plain (a Promise, a Map) by its constructor.
 */
export function unfollowedOptionsKey(options: {
  appearance?: unknown;
  helloTimeoutMs?: unknown;
  getClientAccessToken?: unknown;
}): string {
  const { appearance, helloTimeoutMs, getClientAccessToken } = options;
  return faithfulKey([appearance ?? {}, String(helloTimeoutMs), typeof getClientAccessToken]);
}

/** The `appearance` prop as a key that changes when the prop does, whatever it holds. */
export const appearanceKeyOf = (appearance: unknown): string => faithfulKey(appearance ?? {});

/**
 * JSON, kept faithful (see above); a value JSON cannot write at all (a cycle) is one key, so
 * it is sent once, not at every render. Two such values, or two BigInts, share a key: going
 * from one to the other sends nothing, which the frame would refuse anyway.
 */
function faithfulKey(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return `(${typeof v})`;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
      const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
      return proto === Object.prototype || proto === null ? v : `(${proto.constructor?.name ?? 'object'})`;
    });
  } catch {
    return '(unwritable)';
  }
}
