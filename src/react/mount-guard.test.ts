import { describe, expect, it, vi } from 'vitest';
import { CardveilError } from '../sdk/index.js';
import {
  appearanceKeyOf,
  deferredTokenSource,
  namesUnfollowedOption,
  runOrReport,
  unfollowedOptionsKey,
  usableStaticToken,
} from './mount-guard.js';

describe('a remount’s static token', () => {
  it('is not presented again once a frame has used it, when a fresh one can be fetched', () => {
    expect(usableStaticToken('cat_used_0000000000', 'cat_used_0000000000', true)).toBeUndefined();
  });

  it('goes again without a way to fetch one (the frame then says 1014), and a new one always goes', () => {
    expect(usableStaticToken('cat_used_0000000000', 'cat_used_0000000000', false)).toBe('cat_used_0000000000');
    expect(usableStaticToken('cat_new_00000000000', 'cat_used_0000000000', true)).toBe('cat_new_00000000000');
    expect(usableStaticToken('cat_first_000000000', undefined, true)).toBe('cat_first_000000000');
    expect(usableStaticToken(undefined, 'cat_used_0000000000', true)).toBeUndefined();
  });
});

describe('an SDK call from an effect (mount, setLocale)', () => {
  const refused = () => {
    throw new CardveilError(1004, 'origin: Invalid request parameter');
  };

  it('hands refused options to onError, in the display’s locale, rather than unmounting the tree', () => {
    const onError = vi.fn();
    expect(runOrReport(refused, onError, 'zh_CN')).toBeNull();
    expect(onError).toHaveBeenCalledExactlyOnceWith({
      code: 1004,
      message: 'origin：请求参数无效',
      locale: 'zh_CN',
      reason: 'origin: Invalid request parameter',
      retryable: false,
    });
    runOrReport(refused, onError, 'en_US');
    expect(onError).toHaveBeenLastCalledWith(
      expect.objectContaining({ message: 'origin: Invalid request parameter', locale: 'en_US' }),
    );
  });

  it('throws them where no onError listens, and throws anything else as it is', () => {
    expect(() => runOrReport(refused, undefined)).toThrow(CardveilError);
    const bug = new TypeError('not ours');
    expect(() =>
      runOrReport(() => {
        throw bug;
      }, vi.fn()),
    ).toThrow(bug);
  });

  it('tells the error in the default locale when the refused value is the locale itself', () => {
    const onError = vi.fn();
    const badLocale = () => {
      throw new CardveilError(1004, 'locale: Invalid request parameter');
    };
    expect(runOrReport(badLocale, onError, 'zh-CN')).toBeNull();
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 1004, locale: 'en_US', reason: 'locale: Invalid request parameter' });
  });

  it('returns the display when mount succeeds', () => {
    const display = { destroy: vi.fn() };
    expect(runOrReport(() => display, vi.fn())).toBe(display);
  });
});

describe('the token source handed to mount()', () => {
  it('asks the merchant a microtask later, so a mount torn down at once (StrictMode) mints nothing', async () => {
    const fetchToken = vi.fn(async () => 'cat_fresh_000000000');
    let tornDown = false;
    const pending = deferredTokenSource(fetchToken, () => tornDown)();
    tornDown = true;
    await expect(pending).rejects.toThrow('unmounted');
    expect(fetchToken).not.toHaveBeenCalled();
  });

  it('brings the merchant’s token to a mount that stays', async () => {
    const fetchToken = vi.fn(async () => 'cat_fresh_000000000');
    const source = deferredTokenSource(fetchToken, () => false);
    await expect(source()).resolves.toBe('cat_fresh_000000000');
    await expect(source()).resolves.toBe('cat_fresh_000000000');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });
});

describe('trying mount() again after a refusal', () => {
  it('follows a refusal of the options the mount effect does not watch, and no other', () => {
    for (const option of ['appearance', 'helloTimeoutMs', 'getClientAccessToken']) {
      expect(namesUnfollowedOption(`${option}: Invalid request parameter`)).toBe(true);
    }
    for (const reason of [
      'merchantId: Invalid request parameter',
      'fields: Invalid request parameter',
      'appearances: x',
      undefined,
    ]) {
      expect(namesUnfollowedOption(reason)).toBe(false);
    }
  });

  it('tells a correction from a re-render, where JSON alone would not', () => {
    const key = unfollowedOptionsKey;
    // the same options, rendered again: no new try
    expect(key({ appearance: { radius: 4 }, helloTimeoutMs: 5000 })).toBe(
      key({ appearance: { radius: 4 }, helloTimeoutMs: 5000 }),
    );
    // a refused value and its correction differ, also where JSON writes both as null or {}
    const pairs: [object, object][] = [
      [{ helloTimeoutMs: Number.NaN }, {}],
      [{ helloTimeoutMs: Infinity }, { helloTimeoutMs: null }],
      [{ helloTimeoutMs: -1 }, { helloTimeoutMs: 1000 }],
      [{ appearance: { colorAccent: () => '#000' } }, { appearance: {} }],
      [{ appearance: Promise.resolve({}) }, {}],
      [{ appearance: new Map() }, { appearance: {} }],
      [{ appearance: { radius: 10n } }, { appearance: { radius: 10 } }],
      [{ getClientAccessToken: 'tok' }, { getClientAccessToken: () => Promise.resolve('tok') }],
      [{ getClientAccessToken: false }, {}],
    ];
    for (const [refused, corrected] of pairs) expect(key(refused)).not.toBe(key(corrected));
  });
});

describe('the appearance prop’s key', () => {
  it('is made of any value, where JSON throws (a BigInt, a cycle), so a render never throws', () => {
    const cyclic: Record<string, unknown> = { theme: 'dark' };
    cyclic.self = cyclic;
    expect(() => JSON.stringify({ radius: 10n })).toThrow();
    expect(appearanceKeyOf({ radius: 10n })).not.toBe(appearanceKeyOf({ radius: 10 }));
    // one key, however often it is rendered: it is sent once (the frame refuses it, to onError)
    expect(appearanceKeyOf(cyclic)).toBe(appearanceKeyOf(cyclic));
    expect(appearanceKeyOf(cyclic)).not.toBe(appearanceKeyOf({ theme: 'dark' }));
  });

  it('is the same for the same tokens, and for none at all', () => {
    expect(appearanceKeyOf({ theme: 'dark', radius: 4 })).toBe(appearanceKeyOf({ theme: 'dark', radius: 4 }));
    expect(appearanceKeyOf(undefined)).toBe(appearanceKeyOf({}));
  });
});
