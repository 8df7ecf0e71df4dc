import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { takeEarly } from './early-slots.js';
import { refusalQuery } from '../testing/refusal-meta.js';

// the key generation itself is not what is under test here, only whether it starts
vi.mock('./early-keygen.js', () => ({ startEarlyKeyGeneration: vi.fn() }));

/**
 * The hosted page as its early script finds it: the server wrote lang and title from the
 * query, and, for a load it refused, the refusal meta first in the head.
 */
function openPage(hash: string, search = '', refusal?: string) {
  const listeners: Record<string, () => void> = {};
  const win = {
    location: { hash, pathname: '/hosted', search, reload: vi.fn() },
    history: { replaceState: vi.fn() },
    addEventListener: (type: string, listener: () => void) => (listeners[type] = listener),
    listeners,
  };
  const doc = { documentElement: { lang: 'en-US' }, title: 'Card details' };
  // not enumerable: the tests compare the rest of the document as a whole
  Object.defineProperty(doc, 'querySelector', {
    value: refusalQuery(refusal),
  });
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
  return doc;
}

beforeEach(() => vi.resetModules());
afterEach(() => {
  vi.unstubAllGlobals();
  void takeEarly('fragment');
});

describe('the hosted page’s early script', () => {
  it('speaks the fragment’s language at once, before the app has loaded: lang and title', async () => {
    const doc = openPage('#token=tok_abcdefghijklmnop&locale=zh_CN');
    await import('./early-hosted.js');
    expect(doc).toEqual({ documentElement: { lang: 'zh-CN' }, title: '卡片信息' });
    expect(takeEarly('fragment')).toEqual({ token: 'tok_abcdefghijklmnop', locale: 'zh_CN' });
  });

  it('keeps the query’s language where the fragment names none, and en_US for one it does not speak', async () => {
    const doc = openPage('#token=tok_abcdefghijklmnop', '?locale=zh_CN');
    await import('./early-hosted.js');
    expect(doc).toEqual({ documentElement: { lang: 'zh-CN' }, title: '卡片信息' });
    void takeEarly('fragment');
    vi.resetModules();
    const other = openPage('#token=tok_abcdefghijklmnop&locale=fr_FR', '?locale=zh_CN');
    await import('./early-hosted.js');
    expect(other).toEqual({ documentElement: { lang: 'en-US' }, title: 'Card details' });
  });

  it('takes the token out of the address bar and leaves the language in the query, so a reload speaks it', async () => {
    openPage('#token=tok_abcdefghijklmnop&locale=zh_CN');
    await import('./early-hosted.js');
    const { history } = window as unknown as { history: { replaceState: ReturnType<typeof vi.fn> } };
    expect(history.replaceState).toHaveBeenCalledExactlyOnceWith(null, '', '/hosted?locale=zh_CN');
    void takeEarly('fragment');
    vi.resetModules();
    openPage('#token=tok_abcdefghijklmnop&locale=fr_FR', '?src=app');
    await import('./early-hosted.js');
    // a language it does not speak is not written back into the URL
    expect(
      (window as unknown as { history: { replaceState: ReturnType<typeof vi.fn> } }).history.replaceState,
    ).toHaveBeenCalledWith(null, '', '/hosted?src=app');
  });

  it('takes a token put in the query by mistake out of the address bar as well, keeping the rest', async () => {
    openPage('', '?token=tok_abcdefghijklmnop&src=app&locale=zh_CN');
    await import('./early-hosted.js');
    const { history } = window as unknown as { history: { replaceState: ReturnType<typeof vi.fn> } };
    expect(history.replaceState).toHaveBeenCalledExactlyOnceWith(null, '', '/hosted?src=app&locale=zh_CN');
    // it is no token of the page's: the app shows 1014 missing_token
    expect(takeEarly('fragment')).toEqual({ token: null, locale: null });
  });

  it('loads itself anew when a later token arrives in the fragment alone (a web view reused for the next card)', async () => {
    openPage('#token=tok_abcdefghijklmnop&locale=zh_CN');
    await import('./early-hosted.js');
    const win = window as unknown as {
      location: { hash: string; reload: ReturnType<typeof vi.fn> };
      listeners: Record<string, () => void>;
    };
    win.location.hash = '#locale=en_US';
    win.listeners.hashchange!();
    expect(win.location.reload).not.toHaveBeenCalled();
    win.location.hash = '#token=tok_qrstuvwxyz123456&locale=en_US';
    win.listeners.hashchange!();
    expect(win.location.reload).toHaveBeenCalledOnce();
  });

  it('starts the key generation, except on a load the server refused, which will exchange nothing', async () => {
    const { startEarlyKeyGeneration } = await import('./early-keygen.js');
    vi.mocked(startEarlyKeyGeneration).mockClear(); // the other tests' pages called it too
    openPage('#token=tok_abcdefghijklmnop');
    await import('./early-hosted.js');
    expect(startEarlyKeyGeneration).toHaveBeenCalledOnce();
    void takeEarly('fragment');
    vi.resetModules();
    vi.mocked(startEarlyKeyGeneration).mockClear();
    openPage('#token=tok_abcdefghijklmnop', '', '1009');
    await import('./early-hosted.js');
    expect(startEarlyKeyGeneration).not.toHaveBeenCalled();
    // the token leaves the address bar all the same, unspent, for the app to say why
    expect(takeEarly('fragment')).toMatchObject({ token: 'tok_abcdefghijklmnop' });
  });

  it('finds the page’s <title> already parsed, so it renames the one there is instead of adding a second', () => {
    // the build puts the early script right after <meta charset> (vite.config.ts)
    const html = readFileSync(new URL('../hosted.html', import.meta.url), 'utf8');
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.indexOf('<title>')).toBeLessThan(html.indexOf('<meta charset="utf-8" />'));
  });
});
