import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FrameKeyPair } from '../crypto/keypair.js';
import { createHostedHost } from './hosted-host.js';
import { parkEarly, takeEarly } from '../boot/early-slots.js';
import { refusalQuery } from '../testing/refusal-meta.js';

afterEach(() => void takeEarly('fragment'));

const keyPair = new Promise<FrameKeyPair>(() => undefined);

/** `refusal`: the content of the page's refusal meta, as the server writes it (shared/page-refusal.ts). */
function fakePage(hash: string, bridge: object = {}, refusal?: string) {
  const replaceState = vi.fn();
  const document = {
    querySelector: refusalQuery(refusal),
  };
  const win = {
    location: { hash, pathname: '/hosted', search: '?locale=en_US' },
    history: { replaceState },
    document,
    ...bridge,
  };
  return { win: win as unknown as Window, replaceState };
}

describe('the hosted host', () => {
  it('takes the token and locale from the fragment and strips it from the URL', () => {
    const { win, replaceState } = fakePage('#token=tok_abcdefghijklmnop&locale=zh_CN');
    const host = createHostedHost(win, keyPair);
    // the fragment's language replaces the query's, so that a reload speaks it
    expect(replaceState).toHaveBeenCalledWith(null, '', '/hosted?locale=zh_CN');
    expect(host.getState()).toMatchObject({
      phase: 'started',
      request: { token: 'tok_abcdefghijklmnop', mode: 'hosted' },
      locale: 'zh_CN',
    });
    expect(host.getState().request).not.toHaveProperty('parentOrigin');
  });

  it('takes the token the early script already took out of the URL, and strips nothing twice', () => {
    const { win, replaceState } = fakePage('');
    parkEarly('fragment', { token: 'tok_abcdefghijklmnop', locale: null });
    const host = createHostedHost(win, keyPair);
    expect(replaceState).not.toHaveBeenCalled();
    // no locale in the fragment: the query's
    expect(host.getState()).toMatchObject({ phase: 'started', request: { token: 'tok_abcdefghijklmnop' }, locale: 'en_US' });
  });

  it('shows the state the server refused the load with, strips the token and never presents it', () => {
    const { win, replaceState } = fakePage('#token=tok_abcdefghijklmnop&locale=zh_CN', {}, '1009');
    const host = createHostedHost(win, keyPair);
    expect(replaceState).toHaveBeenCalledWith(null, '', '/hosted?locale=zh_CN');
    expect(host.getState()).toMatchObject({ phase: 'failed', failure: { code: 1009, reason: 'page_refused' }, locale: 'zh_CN' });
    expect(host.getState().request).toBeUndefined();
  });

  it('ignores a refusal meta that names no error code', () => {
    for (const content of ['', 'abc', '0', '1234']) {
      const { win } = fakePage('#token=tok_abcdefghijklmnop', {}, content);
      expect(createHostedHost(win, keyPair).getState()).toMatchObject({ phase: 'started' });
    }
  });

  it('shows 1014 without a token', () => {
    const { win } = fakePage('');
    expect(createHostedHost(win, keyPair).getState()).toMatchObject({ phase: 'failed', failure: { code: 1014 } });
  });

  it('posts events to a React Native web view as JSON, but not heights', () => {
    const postMessage = vi.fn();
    const { win } = fakePage('#token=tok_abcdefghijklmnop', { ReactNativeWebView: { postMessage } });
    const host = createHostedHost(win, keyPair);
    host.events.resize(300);
    host.events.field('copy', 'pan');
    host.events.close();
    expect(postMessage.mock.calls).toEqual([
      [JSON.stringify({ cardveil: 1, type: 'copy', field: 'pan' })],
      [JSON.stringify({ cardveil: 1, type: 'close' })],
    ]);
    expect(host.canClose()).toBe(true);
  });

  it('posts objects to a WKWebView handler and strings to Android', () => {
    const ios = vi.fn();
    const { win } = fakePage('#token=tok_abcdefghijklmnop', { webkit: { messageHandlers: { cardveil: { postMessage: ios } } } });
    createHostedHost(win, keyPair).events.expired();
    expect(ios).toHaveBeenCalledWith({ cardveil: 1, type: 'expired' });

    const android = vi.fn();
    const page = fakePage('#token=tok_abcdefghijklmnop', { CardveilAndroid: { postMessage: android } });
    createHostedHost(page.win, keyPair).events.error(4019);
    expect(JSON.parse(android.mock.calls[0]?.[0] as string)).toMatchObject({ type: 'error', error: { code: 4019 } });
  });

  it('offers no close without a native bridge', () => {
    expect(createHostedHost(fakePage('#token=tok_abcdefghijklmnop').win, keyPair).canClose()).toBe(false);
  });
});
