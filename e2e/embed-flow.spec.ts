import type { Frame, Page } from '@playwright/test';
import { test, expect, mintFor, events, parentSaw, holdsValue, holdAppModule } from './support/fixtures.js';
import { DISPLAY_ORIGIN, MERCHANT_ORIGIN } from './support/env.js';
import { auditedRevealsAndHides, sessionKeysOf } from './support/admin.js';

/** The frame's own document, to evaluate in, once the SDK has created it. */
const embedIn = (page: Page): Frame | undefined => page.frames().find((f) => f.url().startsWith(`${DISPLAY_ORIGIN}/embed`));

test.describe('the embed flow across origins', () => {
  test('reveals each field of a physical card on demand, masked by default', async ({ openMerchantPage, page }) => {
    const frame = await openMerchantPage();
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(frame.getByTestId('value-pan')).toHaveText('•••• •••• •••• 1111');
    await expect(frame.getByTestId('value-expiry')).toHaveText('••/••');
    await expect(frame.getByTestId('value-cvv')).toHaveText('•••');
    await expect(frame.getByTestId('value-pin')).toHaveText('••••••');

    const expected = { pan: '4111 1111 1111 1111', expiry: '08/31', cvv: '947', pin: '592718' };
    const nouns = { pan: 'card number', expiry: 'expiry date', cvv: 'CVV', pin: 'PIN' };
    for (const [field, value] of Object.entries(expected)) {
      await frame.getByTestId(`toggle-${field}`).click();
      await expect(frame.getByTestId(`value-${field}`)).toHaveText(value);
      // the button now names what it will do next, and states nothing twice
      await expect(frame.getByTestId(`toggle-${field}`)).toHaveAccessibleName(`Hide ${nouns[field as keyof typeof nouns]}`);
      await expect(frame.getByTestId(`toggle-${field}`)).not.toHaveAttribute('aria-pressed');
    }
    await frame.getByTestId('toggle-pan').click();
    await expect(frame.getByTestId('value-pan')).toHaveText('•••• •••• •••• 1111');

    const seen = await events(page);
    expect(seen.filter((e) => e.type === 'reveal').map((e) => e.detail)).toEqual(
      ['pan', 'expiry', 'cvv', 'pin'].map((field) => ({ field })),
    );
    expect(seen.find((e) => e.type === 'ready')?.detail).toMatchObject({
      card: { last4: '1111', brand: 'visa', type: 'physical' },
    });
  });

  test('starts the key pair while the frame page is parsed, under its CSP, and hands it over once', async ({
    openMerchantPage,
    page,
  }) => {
    const frame = await openMerchantPage();
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    const embed = embedIn(page)!;
    const marks = await embed.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    // the early <head> script ran (its nonce passed the CSP) before the app's first module
    expect(marks).toContain('cardveil:keygen-start');
    expect(marks.indexOf('cardveil:keygen-start')).toBeLessThan(marks.indexOf('cardveil:boot'));
    // and the app took the generation off the global: nothing else can reach it
    expect(await embed.evaluate(() => '__cardveil_keygen' in globalThis)).toBe(false);
    // no inline script (DESIGN §6): the early one is a file of its own, first in <head>, nonced
    const scripts = await embed.evaluate(() =>
      [...document.scripts].map((s) => ({ src: new URL(s.src || location.href).pathname, text: s.text, nonced: s.nonce !== '' })),
    );
    expect(scripts).toEqual([
      { src: expect.stringMatching(/^\/assets\/early-embed-[\w-]+\.js$/), text: '', nonced: true },
      { src: expect.stringMatching(/^\/assets\/embed-[\w-]+\.js$/), text: '', nonced: true },
    ]);
  });

  test("ships every script with V8's eager-compile hint, so a warm load takes their code from the cache", async ({
    openMerchantPage,
    page,
  }) => {
    const frame = await openMerchantPage();
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    const embed = embedIn(page)!;
    const firstLines = await embed.evaluate(async () => {
      const urls = [
        ...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[rel="modulepreload"]'),
      ].map((el) => (el instanceof HTMLScriptElement ? el.src : el.href));
      return Promise.all(urls.map(async (url) => (await (await fetch(url)).text()).split('\n', 1)[0]));
    });
    // the early script, the entry and the app chunk it preloads (vite.config.ts, EAGER_COMPILE_HINT)
    expect(firstLines).toEqual(['//# allFunctionsCalledOnLoad', '//# allFunctionsCalledOnLoad', '//# allFunctionsCalledOnLoad']);
  });

  test('shakes hands with the parent while the app is still loading, and the app takes the handshake over', async ({
    openMerchantPage,
    page,
  }) => {
    // the app's module is held back, as on a slow first load, until the parent has spoken
    const release = await holdAppModule(page, /\/assets\/embed-[\w-]+\.js$/);
    const opened = openMerchantPage({ locale: 'en_US' });
    const embed = async () => embedIn(page);
    await expect
      .poll(async () => (await embed())?.evaluate(() => performance.getEntriesByName('cardveil:init-received').length))
      .toBe(1);
    // a command the parent sends now waits on the port `init` brought, for the app to listen
    await page.evaluate(() => (window as unknown as { __display: { setLocale(l: string): void } }).__display.setLocale('zh_CN'));
    release();
    const frame = await opened;
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(frame.getByRole('button', { name: '显示卡号' })).toBeVisible();
    const marks = await (await embed())!.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
    );
    expect(marks['cardveil:init-received']).toBeLessThan(marks['cardveil:boot']!);
    expect(await (await embed())!.evaluate(() => '__cardveil_handshake' in globalThis)).toBe(false);
  });

  test('without SubtleCrypto (an insecure context), generates its key on BigInt in slices, and still reveals', async ({
    openMerchantPage,
    page,
  }) => {
    // in every frame, before any script: what a page served over plain HTTP gets
    await page.addInitScript(() => Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined }));
    const frame = await openMerchantPage();
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible({ timeout: 15_000 });
    const embed = embedIn(page)!;
    expect(await embed.evaluate(() => globalThis.crypto.subtle)).toBeUndefined();
    const chunks = await embed.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
    expect(chunks.some((url) => /\/assets\/keypair-fallback-[\w-]+\.js$/.test(url))).toBe(true);
    await frame.getByTestId('toggle-pan').click();
    await expect(frame.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');
    await frame.getByTestId('toggle-pin').click();
    await expect(frame.getByTestId('value-pin')).toHaveText('592718');
  });

  test('never lets the parent page see a value: not in its DOM, events or messages', async ({
    openMerchantPage,
    page,
    state,
  }) => {
    const frame = await openMerchantPage();
    for (const field of ['pan', 'expiry', 'cvv', 'pin']) await frame.getByTestId(`toggle-${field}`).click();
    await expect(frame.getByTestId('value-pin')).toHaveText('592718');
    const seen = await parentSaw(page);
    for (const secret of ['4111111111111111', '4111 1111 1111 1111', '947', '592718', '08/31']) {
      expect(holdsValue(seen, secret), secret).toBe(false);
    }
    expect(seen).not.toContain(state.merchant.api_secret);
    // the recorder did hear the frame's port (a reveal event for each field), so its silence counts
    const heard = await page.evaluate(() =>
      (window as unknown as { __messages: { type?: string; field?: string }[] }).__messages
        .filter((m) => m?.type === 'reveal')
        .map((m) => m.field),
    );
    expect(heard.sort()).toEqual(['cvv', 'expiry', 'pan', 'pin']);
  });

  test('writes nothing to storage in the frame: no cookie, local, session or IndexedDB data', async ({ openMerchantPage }) => {
    const frame = await openMerchantPage();
    for (const field of ['pan', 'cvv', 'pin']) await frame.getByTestId(`toggle-${field}`).click();
    await expect(frame.getByTestId('value-pin')).toHaveText('592718');
    const stored = await frame.locator('body').evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
      databases: (await indexedDB.databases()).length,
    }));
    expect(stored).toEqual({ local: 0, session: 0, cookie: '', databases: 0 });
  });

  test('copies a field inside the frame and tells the parent only which field', async ({ openMerchantPage, page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: MERCHANT_ORIGIN });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: DISPLAY_ORIGIN });
    const frame = await openMerchantPage();
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(frame.getByTestId('copy-pin')).toHaveCount(0);
    await frame.getByTestId('copy-pan').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('4111111111111111');
    await expect(frame.getByTestId('value-pan')).toHaveText('•••• •••• •••• 1111');
    await expect
      .poll(async () => (await events(page)).filter((e) => e.type === 'copy').map((e) => e.detail))
      .toEqual([{ field: 'pan' }]);
  });

  test('hides a revealed field again after autoHideSeconds', async ({ openMerchantPage, page }) => {
    // the frame's clock, held once the card is up: the value stays until the test moves time on
    await page.clock.install();
    const frame = await openMerchantPage({ autoHide: 1 });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await page.clock.pauseAt(Date.now() + 1_000);
    await frame.getByTestId('toggle-cvv').click();
    await expect(frame.getByTestId('value-cvv')).toHaveText('947');
    await page.clock.runFor(999);
    await expect(frame.getByTestId('value-cvv')).toHaveText('947');
    await page.clock.runFor(1);
    await expect(frame.getByTestId('value-cvv')).toHaveText('•••');
    await expect
      .poll(async () => (await events(page)).filter((e) => e.type === 'hide').map((e) => e.detail))
      .toEqual([{ field: 'cvv' }]);
  });

  test('hides everything when the page is hidden, and reveals nothing while it is', async ({ openMerchantPage, page }) => {
    const frame = await openMerchantPage();
    await frame.getByTestId('toggle-pan').click();
    await frame.getByTestId('toggle-pin').click();
    await expect(frame.getByTestId('value-pin')).toHaveText('592718');
    await frame.locator('body').evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect(frame.getByTestId('value-pan')).toHaveText('•••• •••• •••• 1111');
    await expect(frame.getByTestId('value-pin')).toHaveText('••••••');
    // a reveal() from a merchant page in the background would show the values to nobody
    const reveals = (await events(page)).filter((e) => e.type === 'reveal').length;
    await page.evaluate(() => {
      const display = (window as unknown as { __display: { reveal(): void; update(a: unknown): void } }).__display;
      display.reveal();
      // a marker after it on the same port: once the frame applied it, it had handled the reveal
      display.update({ theme: 'dark' });
    });
    await expect(frame.locator('#root')).toHaveAttribute('data-theme', 'dark');
    await expect(frame.getByTestId('value-pan')).toHaveText('•••• •••• •••• 1111');
    expect((await events(page)).filter((e) => e.type === 'reveal').length).toBe(reveals);
  });

  test('grants only the minted fields: a cvv-only view shows no PAN or PIN', async ({ openMerchantPage }) => {
    const frame = await openMerchantPage({ card: 'virtual', fields: ['cvv'] });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(frame.locator('[data-field]')).toHaveCount(1);
    await frame.getByTestId('toggle-cvv').click();
    await expect(frame.getByTestId('value-cvv')).toHaveText('6021');
  });

  test('reveal() and hide() from the merchant page drive the frame', async ({ openMerchantPage, page }) => {
    const frame = await openMerchantPage({ card: 'virtual', fields: ['pan', 'expiry'] });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await page.evaluate(() => (window as unknown as { __display: { reveal(): void } }).__display.reveal());
    await expect(frame.getByTestId('value-pan')).toHaveText('3782 822463 10005');
    await expect(frame.getByTestId('value-expiry')).toHaveText('05/30');
    await page.evaluate(() => (window as unknown as { __display: { hide(f: string): void } }).__display.hide('pan'));
    await expect(frame.getByTestId('value-pan')).toHaveText(/•+ •+ •+ 0005|•••• •••• •••• 0005/);
  });

  test('destroy() removes the frame and every trace of it; a value it showed is logged hidden', async ({
    openMerchantPage,
    page,
    state,
  }) => {
    const sessions = sessionKeysOf(page);
    const frame = await openMerchantPage();
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await frame.getByTestId('toggle-pan').click();
    await expect(frame.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');
    await page.evaluate(() => (window as unknown as { __display: { destroy(): void } }).__display.destroy());
    await expect(page.locator('#card iframe')).toHaveCount(0);
    await expect(page.locator('#card')).toBeEmpty();
    // the frame went with the value on screen: its going hid it, in the server's audit log
    await expect.poll(() => auditedRevealsAndHides(state, sessions[0])).toEqual(['hide pan', 'reveal pan']);
    // and a method called afterwards is a no-op, not an error
    await page.evaluate(() => (window as unknown as { __display: { reveal(): void } }).__display.reveal());
  });

  test('a frame the page moves, which the browser loads anew, comes back with a fresh token, or says why it cannot', async ({
    openMerchantPage,
    page,
  }) => {
    const move = () =>
      page.evaluate(() => {
        // into a dialog of its own, as a merchant's modal would: the iframe's document is lost
        const dialog = document.body.appendChild(document.createElement('section'));
        dialog.appendChild(document.querySelector('#card')!);
      });
    const readyCount = async () => (await events(page)).filter((e) => e.type === 'ready').length;
    let frame = await openMerchantPage();
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await move();
    await expect.poll(readyCount).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { __mints: number }).__mints)).toBe(2);
    await page.evaluate(() => (window as unknown as { __display: { reveal(f: string): void } }).__display.reveal('pan'));
    await expect(frame.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');

    // the merchant gave one token and no way to get another: the container says so, and the merchant hears it
    frame = await openMerchantPage({ refresh: false });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await move();
    await expect(page.locator('#card [role="alert"][data-error-code="1001"]')).toBeVisible();
    await expect
      .poll(async () => (await events(page)).find((e) => e.type === 'error')?.detail)
      .toMatchObject({ code: 1001, reason: 'token_unavailable' });
  });

  test('refuses a token presented a second time with the 1014 state', async ({ openMerchantPage, page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    let frame = await openMerchantPage({ token });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    frame = await openMerchantPage({ token });
    await expect(frame.locator('#root[data-state="error"][data-error-code="1014"]')).toBeVisible();
    await expect(frame.getByText('This view has expired')).toBeVisible();
    await expect
      .poll(async () => (await events(page)).find((e) => e.type === 'error')?.detail)
      .toMatchObject({ code: 1014, locale: 'en_US' });
  });

  test('speaks Chinese when mounted with zh_CN', async ({ openMerchantPage }) => {
    const frame = await openMerchantPage({ locale: 'zh_CN' });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(frame.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await frame.getByRole('button', { name: '显示卡号' }).click();
    await expect(frame.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');
    await expect(frame.getByRole('button', { name: '隐藏卡号' })).toBeVisible();
  });
});
