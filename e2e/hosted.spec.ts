import type { Page } from '@playwright/test';
import { test as base, expect, hostedUrlFor, holdsValue, holdAppModule, beyondShape } from './support/fixtures.js';
import { DISPLAY_ORIGIN, MERCHANT_ORIGIN } from './support/env.js';
import { auditedRevealsAndHides, sessionKeysOf } from './support/admin.js';
import { resend, spoilSealedPart, spoilWrappedKey, tamperExchange } from './support/tamper.js';
import { COPY_1009 } from '../src/shared/state-copy.js';
import { countKeyGenerations, keyGenerations } from './support/keygen-count.js';
import { behindSpentAddress } from './support/page-limit.js';

/** A phone: small viewport, touch, high density. */
const test = base.extend({});
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });

/** The types of the messages the simulated bridge received, in order. */
const bridgeTypes = (page: Page) =>
  page.evaluate(() => (window as unknown as { __bridge: { type: string }[] }).__bridge.map((m) => m.type));
/** The `error` messages the bridge received: code, part and retryable. */
const bridgeErrors = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __bridge: { type: string; error?: { code: number; part?: string; retryable: boolean } }[] }).__bridge
      .filter((m) => m.type === 'error')
      .map(({ error }) => ({ code: error!.code, part: error!.part, retryable: error!.retryable })),
  );

/**
 * A simulated native bridge, installed before the page loads, recording what it
 * receives. A web view has one of these; the page posts to whichever exists.
 */
const BRIDGES = {
  'React Native': () => {
    const w = window as unknown as { __bridge: unknown[]; ReactNativeWebView: unknown };
    w.__bridge = [];
    w.ReactNativeWebView = { postMessage: (s: string) => w.__bridge.push(JSON.parse(s)) };
  },
  'iOS WKWebView': () => {
    const w = window as unknown as { __bridge: unknown[]; webkit: unknown };
    w.__bridge = [];
    w.webkit = { messageHandlers: { cardveil: { postMessage: (m: unknown) => w.__bridge.push(m) } } };
  },
  'Android WebView': () => {
    const w = window as unknown as { __bridge: unknown[]; CardveilAndroid: unknown };
    w.__bridge = [];
    w.CardveilAndroid = { postMessage: (s: string) => w.__bridge.push(JSON.parse(s)) };
  },
};

test.describe('hosted mode in a mobile web view', () => {
  test('takes the token out of the URL at once, while the app is still loading', async ({ page, state }) => {
    const { url, token } = await hostedUrlFor(state, 'physical', ['pan']);
    // the app's module is held back, as on a slow first load
    const release = await holdAppModule(page, /\/assets\/hosted-[\w-]+\.js$/);
    await page.goto(url, { waitUntil: 'commit' });
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('cardveil:keygen-start').length)).toBe(1);
    expect(await page.evaluate(() => location.href)).not.toContain(token);
    expect(await page.evaluate(() => location.hash)).toBe('');
    release();
    // and the app, loaded later, still has it
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
  });

  test('reveals and copies full-page, with the token gone from the URL and every Referer', async ({ page, context, state }) => {
    const { url, token } = await hostedUrlFor(state, 'physical', ['pan', 'expiry', 'cvv', 'pin']);
    const referers: string[] = [];
    page.on('request', (r) => referers.push(r.headers()['referer'] ?? ''));
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    expect(page.url()).not.toContain(token);
    expect(page.url()).not.toContain('#');
    await page.getByTestId('toggle-pin').tap();
    await expect(page.getByTestId('value-pin')).toHaveText('592718');
    await page.getByTestId('copy-pan').tap();
    // The hosted page may not read the clipboard itself (Permissions-Policy): read it elsewhere.
    const reader = await context.newPage();
    await reader.goto(`${MERCHANT_ORIGIN}/blank`);
    await expect.poll(() => reader.evaluate(() => navigator.clipboard.readText())).toBe('4111111111111111');
    // the page's assets and API calls went out, and none with a Referer at all (no-referrer):
    // a fragment never reaches one, so only the policy keeps the page's URL in
    expect(referers.length).toBeGreaterThan(3);
    expect(referers.filter((r) => r !== '')).toEqual([]);
    // in a plain browser there is no app to close the page, so no Close
    await expect(page.getByTestId('close')).toHaveCount(0);
    // touch targets of at least 44 CSS pixels
    const box = await page.getByTestId('toggle-pan').boundingBox();
    expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(44);
  });

  // Android's WebView has no clipboard-write permission to grant: `writeText` rejects on
  // every tap. Older web views have no Clipboard API. Each is recreated in the page itself.
  const refuseClipboardApi = () => {
    Object.defineProperty(Clipboard.prototype, 'writeText', {
      value: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')),
    });
  };
  const CLIPBOARDS = {
    'refuses the Clipboard API (Android’s WebView)': refuseClipboardApi,
    'has no Clipboard API': () => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
    },
  };
  for (const [name, install] of Object.entries(CLIPBOARDS)) {
    test(`copies in a web view that ${name}, and keeps the focus on Copy`, async ({ page, context, state }) => {
      await page.addInitScript(install);
      const { url } = await hostedUrlFor(state, 'physical', ['pan', 'cvv']);
      await page.goto(url);
      await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
      const copy = page.getByTestId('copy-pan');
      await copy.focus();
      await page.keyboard.press('Enter');
      await expect(copy).toHaveAttribute('data-status', 'copied');
      await expect(copy).toBeFocused();
      // the value left no trace in the page: no text area, no selection
      expect(await page.evaluate(() => [document.querySelectorAll('textarea').length, String(getSelection())])).toEqual([0, '']);
      await context.grantPermissions(['clipboard-read'], { origin: MERCHANT_ORIGIN });
      const reader = await context.newPage();
      await reader.goto(`${MERCHANT_ORIGIN}/blank`);
      await expect.poll(() => reader.evaluate(() => navigator.clipboard.readText())).toBe('4111111111111111');
    });
  }

  const COPY_REFUSED = [
    {
      locale: 'en_US',
      bubble: 'Couldn’t copy',
      joint: '. ',
      masked: 'Show the card number to copy it by hand.',
      shown: 'Copy the card number by hand.',
    },
    { locale: 'zh_CN', bubble: '复制失败', joint: '。', masked: '请显示卡号后手动复制。', shown: '请手动复制卡号。' },
  ] as const;
  for (const { locale, bubble, joint, masked, shown } of COPY_REFUSED) {
    test(`says the copy failed and what to do instead when the web view refuses both ways, and leaves no trace (${locale})`, async ({
      page,
      state,
    }) => {
      await page.addInitScript(refuseClipboardApi);
      await page.addInitScript(() => {
        Document.prototype.execCommand = () => false;
      });
      const { url } = await hostedUrlFor(state, 'physical', ['pan'], locale);
      await page.goto(url);
      await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
      const copy = page.getByTestId('copy-pan');
      const region = page.locator('[aria-live="polite"]');
      await copy.tap();
      await expect(copy).toHaveAttribute('data-status', 'failed');
      await expect(copy).toContainText(bubble);
      await expect(page.getByTestId('copy-by-hand-pan')).toHaveText(masked);
      await expect(region).toHaveText(bubble + joint + masked);
      // with the number shown, there is nothing to show first
      await page.getByTestId('toggle-pan').tap();
      await copy.tap();
      await expect(page.getByTestId('copy-by-hand-pan')).toHaveText(shown);
      await expect(region).toHaveText(bubble + joint + shown);
      expect(await page.evaluate(() => document.querySelectorAll('textarea').length)).toBe(0);
    });
  }

  test('a second open of the same hosted URL shows 1014, in the URL’s language', async ({ page, state }) => {
    const { url } = await hostedUrlFor(state, 'virtual', ['pan'], 'zh_CN');
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    await page.goto('about:blank');
    await page.goto(url);
    await expect(page.locator('#root[data-state="error"][data-error-code="1014"]')).toBeVisible();
    await expect(page.locator('#root')).toContainText('本次查看已失效');
    // a hosted page has no fresh token to offer: the way back, not a button
    await expect(page.locator('.cv-notice-detail')).toHaveText('为保障安全，每次查看仅可使用一次。请返回后重新打开卡片。');
  });

  test('a reload, the token gone from the URL, shows 1014 in the cardholder’s language from the first byte', async ({
    page,
    state,
  }) => {
    const { url } = await hostedUrlFor(state, 'virtual', ['pan'], 'zh_CN');
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    expect(page.url()).not.toContain('token');
    const reloaded = await page.reload();
    // the server wrote the reload in Chinese: the language travels on in the query
    expect(await reloaded!.text()).toContain('<html lang="zh-CN">');
    await expect(page.locator('#root[data-state="error"][data-error-code="1014"]')).toBeVisible();
    await expect(page.locator('#root')).toContainText('本次查看已失效');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });

  test('an error page at /hosted still takes the unspent token out of the address bar, under its CSP', async ({
    page,
    state,
  }) => {
    const violations: string[] = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
    // The server answers with its own page instead of the app: here its 1018, asked for as a
    // fetch would (the browser's own Sec-Fetch-Dest cannot be changed); a 429 looks the same.
    await page.route('**/hosted*', async (route) =>
      route.fulfill({ response: await resend(route, { 'sec-fetch-mode': 'navigate' }) }),
    );
    const { url } = await hostedUrlFor(state, 'virtual', ['pan']);
    await page.goto(url);
    await expect(page.locator('#root[data-error-code="1018"]')).toBeVisible();
    expect(page.url()).not.toContain('token');
    expect(violations).toEqual([]);
  });

  test('a load the server refuses (over the page limit) shows 1009 with Close, tells the app, and spends nothing', async ({
    page,
    state,
    limitedOrigin,
  }) => {
    // This cardholder stands behind an address whose budget of page loads others have used up.
    await behindSpentAddress(page, limitedOrigin, `${limitedOrigin}/hosted*`);
    await page.addInitScript(BRIDGES['Android WebView']);
    await page.addInitScript(countKeyGenerations);
    const { url, token } = await hostedUrlFor(state, 'virtual', ['pan'], 'zh_CN');
    const response = await page.goto(url.replace(DISPLAY_ORIGIN, limitedOrigin));
    expect(response?.status()).toBe(429);
    const wait = Number(response?.headers()['retry-after']);
    expect(wait).toBeGreaterThan(0);
    await expect(page.locator('#root[data-state="error"][data-error-code="1009"]')).toBeVisible();
    // a page that will exchange nothing makes no key (a phone without WebCrypto would search for seconds)
    expect(await keyGenerations(page)).toBe(0);
    await expect(page.locator('.cv-notice-detail')).toHaveText(COPY_1009.text.zh_CN.detailWithoutRetry!);
    await expect(page.getByTestId('retry')).toHaveCount(0);
    expect(page.url()).not.toContain(token);
    await page.getByRole('button', { name: '关闭' }).tap();
    await expect.poll(() => bridgeTypes(page)).toEqual(['error', 'close']);
    const [error] = await page.evaluate(() => (window as unknown as { __bridge: { error?: unknown }[] }).__bridge);
    // the app, which cannot read the 429's headers, is told the wait too
    expect(error).toMatchObject({ error: { code: 1009, locale: 'zh_CN', retryable: true, retryAfter: wait } });
    // The token was never presented: opened where the limit allows, the same URL works.
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    expect(await keyGenerations(page)).toBe(1);
  });

  test('a second hosted URL that differs only in its fragment is loaded as a page of its own', async ({ page, state }) => {
    const first = await hostedUrlFor(state, 'virtual', ['pan']);
    await page.goto(first.url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    const left = page.url(); // the token gone, the locale moved to the query
    const second = await hostedUrlFor(state, 'physical', ['pan']);
    // what a web view reused for the next card does: same page, a new fragment
    await page.goto(`${left}#${new URL(second.url).hash.slice(1)}`);
    // the second card (the first was an Amex ending 0005)
    await expect(page.getByTestId('value-pan')).toHaveText('•••• •••• •••• 1111');
    expect(page.url()).not.toContain(second.token);
    expect(page.url()).toBe(left);
  });

  test('a hosted page cannot be framed, and a framing attempt spends nothing', async ({ page, state }) => {
    const { url } = await hostedUrlFor(state, 'virtual', ['pan']);
    const exchanges: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/pci/display/sessions') exchanges.push(r.url());
    });
    await page.goto(`${MERCHANT_ORIGIN}/blank`);
    // Chromium fires the iframe's load event once it is done with the frame: here, once it
    // refused the document (frame-ancestors 'none') and put its error page in its place.
    await page.evaluate(
      (src) =>
        new Promise<void>((resolve) => {
          const f = document.createElement('iframe');
          f.addEventListener('load', () => resolve(), { once: true });
          f.src = src;
          document.body.append(f);
        }),
      url,
    );
    await expect(page.frameLocator('iframe').locator('#root')).toHaveCount(0);
    expect(exchanges).toEqual([]);
    // The token is still unused: opened as a page, the same URL works.
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
  });

  test('tells the app that a transactions failure leaves the card usable', async ({ page, state }) => {
    await page.addInitScript(BRIDGES['Android WebView']);
    const { url } = await hostedUrlFor(state, 'physical', ['pan', 'transactions']);
    await page.goto(url);
    const panel = page.getByTestId('transactions');
    await expect(panel).toHaveAttribute('data-state', 'ready');
    // a month with no transactions: 4009, inside the panel
    await page.getByTestId('range-custom').tap();
    await page.getByTestId('range-start').fill('2020-01-01');
    await page.getByTestId('range-end').fill('2020-01-31');
    await page.getByTestId('range-apply').tap();
    await expect(panel).toHaveAttribute('data-error-code', '4009');
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { __bridge: { type: string }[] }).__bridge.filter((m) => m.type === 'error')),
      )
      .toEqual([{ cardveil: 1, type: 'error', error: expect.objectContaining({ code: 4009, part: 'transactions' }) }]);
    await page.getByTestId('toggle-pan').tap();
    await expect(page.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');
  });

  test('a stalled load can be left: Close is there while the card loads', async ({ page, state }) => {
    await page.addInitScript(BRIDGES['React Native']);
    // the exchange never answers
    await page.route('**/api/v1/pci/display/sessions', () => undefined);
    const { url } = await hostedUrlFor(state, 'virtual', ['pan'], 'zh_CN');
    await page.goto(url);
    await expect(page.locator('[aria-busy="true"]')).toBeVisible();
    await page.getByRole('button', { name: '关闭' }).tap();
    await expect.poll(() => bridgeTypes(page)).toEqual(['close']);
  });

  test('keeps the focus on Close when the card replaces the skeleton', async ({ page, state }) => {
    await page.addInitScript(BRIDGES['iOS WKWebView']);
    // the exchange is held until the cardholder has reached Close with the keyboard; released
    // then, whether it was already asked for or not (it waits for the key pair)
    let answer: () => void = () => {};
    const held = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/v1/pci/display/sessions', (route) => held.then(() => route.continue()));
    const { url } = await hostedUrlFor(state, 'virtual', ['pan']);
    await page.goto(url);
    await expect(page.locator('[aria-busy="true"]')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('close')).toBeFocused();
    answer();
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(page.getByTestId('close')).toBeFocused();
  });

  // A hosted page cannot fetch a fresh token, so it offers no Retry, and its words say what to do instead.
  for (const [locale, words] of [
    ['en_US', 'We couldn’t unlock your card details securely. Open your card again to load a fresh view.'],
    ['zh_CN', '无法安全读取卡片信息，请重新打开卡片。'],
  ] as const) {
    test(`a tampered card envelope (4019) says to open the card again, with no Retry to press (${locale})`, async ({
      page,
      state,
    }) => {
      await page.addInitScript(BRIDGES['iOS WKWebView']);
      await tamperExchange(page, spoilWrappedKey('card'));
      const { url } = await hostedUrlFor(state, 'virtual', ['pan'], locale);
      await page.goto(url);
      await expect(page.locator('#root[data-state="error"][data-error-code="4019"]')).toBeVisible();
      await expect(page.locator('.cv-notice-detail')).toHaveText(words);
      await expect(page.getByTestId('retry')).toHaveCount(0);
      await expect(page.getByTestId('close')).toBeVisible();
    });
  }

  // On a hosted page the document has the focus from the start, on nothing: a PIN envelope
  // found bad after `ready` must not pull it (and the screen reader's place) to the PIN row.
  test('a PIN row that fails after ready, with nothing pressed, leaves the focus where it was', async ({ page, state }) => {
    await tamperExchange(page, spoilWrappedKey('pin'));
    const { url } = await hostedUrlFor(state, 'physical', ['pan', 'pin']);
    await page.goto(url);
    await expect(page.locator('[data-field="pin"][data-error-code="4015"]')).toBeVisible();
    await expect(page.getByTestId('toggle-pan')).toBeVisible();
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  });

  // Safari does not focus a tapped button: the press alone says the cardholder was there.
  test('a PIN row that fails as Show PIN is tapped without focusing it takes the focus', async ({ page, state }) => {
    await tamperExchange(page, spoilSealedPart('ct', 'pin'));
    const { url } = await hostedUrlFor(state, 'physical', ['pin']);
    await page.goto(url);
    await page.getByTestId('toggle-pin').evaluate((button: HTMLButtonElement) => button.click()); // a click that focuses nothing
    await expect(page.locator('[data-field="pin"][data-error-code="4015"]')).toBeVisible();
    await expect(page.locator('[data-field="pin"] .cv-field-error')).toBeFocused();
  });

  test('a PIN row that fails as Show PIN is pressed keeps the focus in the row', async ({ page, state }) => {
    await tamperExchange(page, spoilSealedPart('ct', 'pin'));
    const { url } = await hostedUrlFor(state, 'physical', ['pin']);
    await page.goto(url);
    await page.getByTestId('toggle-pin').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-field="pin"][data-error-code="4015"]')).toBeVisible();
    await expect(page.locator('[data-field="pin"] .cv-field-error')).toBeFocused();
  });

  test('follows the phone’s dark setting, as the app around it does', async ({ page, state }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const { url } = await hostedUrlFor(state, 'virtual', ['pan']);
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toHaveAttribute('data-theme', 'auto');
    await expect(page.locator('#root')).toHaveCSS('color', 'rgb(238, 240, 246)');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('#root')).toHaveCSS('color', 'rgb(26, 31, 54)');
  });

  test('tells the app that a PIN it cannot open leaves the rest of the card usable (part: pin)', async ({ page, state }) => {
    await page.addInitScript(BRIDGES['React Native']);
    await tamperExchange(page, spoilWrappedKey('pin'));
    const { url } = await hostedUrlFor(state, 'physical', ['pan', 'pin']);
    await page.goto(url);
    await expect(page.locator('[data-field="pin"][data-error-code="4015"]')).toBeVisible();
    await expect.poll(() => bridgeErrors(page)).toEqual([{ code: 4015, part: 'pin', retryable: true }]);
    await expect(page.getByTestId('toggle-pan')).toBeVisible();
  });

  test('Close pressed with a value shown hides it first: the app hears the hide, the audit log has it', async ({
    page,
    state,
  }) => {
    const sessions = sessionKeysOf(page);
    await page.addInitScript(BRIDGES['React Native']);
    const { url } = await hostedUrlFor(state, 'physical', ['pan']);
    await page.goto(url);
    await page.getByTestId('toggle-pan').click();
    await expect(page.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');
    await page.getByTestId('close').click();
    // an app that dismisses its web view on `close` may take the page with it, without a pagehide
    await expect.poll(() => bridgeTypes(page)).toEqual(['ready', 'reveal', 'hide', 'close']);
    await expect.poll(() => auditedRevealsAndHides(state, sessions[0])).toEqual(['hide pan', 'reveal pan']);
  });

  for (const [name, install] of Object.entries(BRIDGES)) {
    test(`posts ready, reveal, hide and copy to the ${name} bridge, never a value`, async ({ page, context, state }) => {
      await context.grantPermissions(['clipboard-write']);
      await page.addInitScript(install);
      const { url } = await hostedUrlFor(state, 'physical', ['pan', 'cvv']);
      await page.goto(url);
      await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
      await page.getByTestId('toggle-cvv').tap();
      await expect(page.getByTestId('value-cvv')).toHaveText('947');
      await page.getByTestId('toggle-cvv').tap();
      await page.getByTestId('copy-pan').tap();
      // a way out in every state, the card included: the app dismisses its web view on `close`
      await page.getByRole('button', { name: 'Close' }).tap();
      await expect.poll(() => bridgeTypes(page)).toEqual(['ready', 'reveal', 'hide', 'copy', 'close']);
      const received = await page.evaluate(() => (window as unknown as { __bridge: unknown[] }).__bridge);
      expect(beyondShape(received)).toEqual([]);
      const text = JSON.stringify(received);
      for (const secret of ['4111111111111111', '4111 1111 1111 1111', '4111', '947'])
        expect(holdsValue(text, secret), secret).toBe(false);
    });
  }
});
