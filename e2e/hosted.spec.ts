import { test as base, expect, hostedUrlFor } from './support/fixtures.js';
import { MERCHANT_ORIGIN } from './support/env.js';

/** A phone: small viewport, touch, high density. */
const test = base.extend({});
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });

/** Simulated native bridges, installed before the page loads, recording what they receive. */
const INSTALL_BRIDGES = () => {
  const w = window as unknown as Record<string, unknown> & { __bridge: { via: string; data: unknown }[] };
  w.__bridge = [];
  const record = (via: string) => (data: unknown) =>
    w.__bridge.push({ via, data: typeof data === 'string' ? JSON.parse(data) : data });
  w.ReactNativeWebView = { postMessage: record('react-native') };
  w.webkit = { messageHandlers: { cardveil: { postMessage: record('ios') } } };
  w.CardveilAndroid = { postMessage: record('android') };
};

test.describe('hosted mode in a mobile web view', () => {
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
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('4111111111111111');
    expect(referers.filter((r) => r.includes(token))).toEqual([]);
    // touch targets of at least 44 CSS pixels
    const box = await page.getByTestId('toggle-pan').boundingBox();
    expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(44);
  });

  test('a second open of the same hosted URL shows 1014, in the URL’s language', async ({ page, state }) => {
    const { url } = await hostedUrlFor(state, 'virtual', ['pan'], 'zh_CN');
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    await page.goto('about:blank');
    await page.goto(url);
    await expect(page.locator('#root[data-state="error"][data-error-code="1014"]')).toBeVisible();
    await expect(page.locator('#root')).toContainText('此页面已失效');
  });

  test('a hosted page cannot be framed', async ({ page, state }) => {
    const { url } = await hostedUrlFor(state, 'virtual', ['pan']);
    const answers: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/hosted')) answers.push(await r.text().catch(() => ''));
    });
    await page.goto(`${MERCHANT_ORIGIN}/blank`);
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.src = src;
      document.body.append(f);
    }, url);
    await page.waitForTimeout(1000);
    await expect(page.frameLocator('iframe').locator('#root')).toHaveCount(0);
    expect(answers.join('')).toContain('data-error-code="1018"');
  });

  test('posts the same events to each native bridge, never a value', async ({ page, state }) => {
    await page.addInitScript(INSTALL_BRIDGES);
    const { url } = await hostedUrlFor(state, 'physical', ['pan', 'cvv']);
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    await page.getByTestId('toggle-cvv').tap();
    await expect(page.getByTestId('value-cvv')).toHaveText('947');
    await page.getByTestId('toggle-cvv').tap();
    const received = await page.evaluate(
      () => (window as unknown as { __bridge: { via: string; data: { type: string } }[] }).__bridge,
    );
    for (const via of ['react-native', 'ios', 'android']) {
      const types = received.filter((r) => r.via === via).map((r) => r.data.type);
      expect(types).toEqual(expect.arrayContaining(['ready', 'reveal', 'hide']));
    }
    const text = JSON.stringify(received);
    for (const secret of ['4111', '947']) expect(text).not.toContain(secret);
  });
});
