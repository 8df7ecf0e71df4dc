import { build } from 'esbuild';
import { demoReactPageBuild } from '../scripts/esbuild-options.js';
import type { FrameLocator, Page } from '@playwright/test';
import { test, expect, mintFor, events, mints } from './support/fixtures.js';
import { DEMO_ORIGIN, DISPLAY_ORIGIN } from './support/env.js';
import { auditedRevealsAndHides, sessionKeysOf } from './support/admin.js';
import { spoilWrappedKey, tamperExchange } from './support/tamper.js';

/** What an integrator meets: silent token refresh, a frame that never loads, theming, React. */

/** Spends a token the way a first view would: through a real frame. */
async function spend(page: Page, open: (o: { token: string }) => Promise<unknown>, token: string) {
  const frame = (await open({ token })) as ReturnType<Page['frameLocator']>;
  await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
}

test.describe('integrating the SDK', () => {
  test('a spent token is replaced once, silently, through getClientAccessToken', async ({ openMerchantPage, page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    await spend(page, openMerchantPage, token);
    const frame = await openMerchantPage({ firstToken: token, fields: ['pan'] });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    expect(await mints(page)).toBe(1);
    expect((await events(page)).filter((e) => e.type === 'error')).toEqual([]);
  });

  // What the silent refresh replaces never says "expired": no alert for a screen reader to
  // start reading, no error flashing before the card. A probe in every document of the
  // display origin tells the merchant page whenever an alert or an error state appears.
  test('the frame a silent refresh replaces shows no error and raises no alert', async ({ openMerchantPage, page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    await spend(page, openMerchantPage, token);
    await page.addInitScript(() => {
      if (window === window.top) return;
      new MutationObserver(() => {
        if (document.querySelector('[role="alert"], #root[data-state="error"]'))
          window.parent.postMessage({ probe: 'error shown', frame: location.search }, '*');
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    const frame = await openMerchantPage({ firstToken: token, fields: ['pan'] });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    expect(await mints(page)).toBe(1);
    const probes = await page.evaluate(() =>
      (window as unknown as { __messages: { probe?: string }[] }).__messages.filter((m) => m?.probe),
    );
    expect(probes).toEqual([]);
  });

  test('a second 1014 in a row is shown, and reported once', async ({ openMerchantPage, page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    await spend(page, openMerchantPage, token);
    const frame = await openMerchantPage({ alwaysToken: token, fields: ['pan'] });
    await expect(frame.locator('#root[data-state="error"][data-error-code="1014"]')).toBeVisible();
    await expect
      .poll(async () => (await events(page)).filter((e) => e.type === 'error').map((e) => e.detail?.code))
      .toEqual([1014]);
  });

  // A tampered envelope, then the cardholder's retry: a fresh view with a new token, and an
  // honest answer this time. The card's envelope fails the whole frame (4019); the PIN's, its row (4015).
  for (const c of [
    {
      name: 'recovers from a tampered envelope: "Try again" mounts a fresh view with a new token',
      group: 'card',
      fields: ['pan'],
      failed: '#root[data-error-code="4019"]',
      retry: 'retry',
      field: 'pan',
      value: '4111 1111 1111 1111',
    },
    {
      name: 'a PIN that cannot be opened offers a retry in its row, which loads a fresh view with a new token',
      group: 'pin',
      fields: ['pan', 'pin'],
      failed: '[data-field="pin"][data-error-code="4015"]',
      retry: 'retry-pin',
      field: 'pin',
      value: '592718',
    },
  ] as const) {
    test(c.name, async ({ openMerchantPage, page }) => {
      await tamperExchange(page.context(), spoilWrappedKey(c.group), {
        once: true,
      });
      let frame = await openMerchantPage({ fields: [...c.fields] });
      await expect(frame.locator(c.failed)).toBeVisible();
      await frame.getByTestId(c.retry).click();
      frame = page.frameLocator('#card iframe');
      await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
      await frame.getByTestId(`toggle-${c.field}`).click();
      await expect(frame.getByTestId(`value-${c.field}`)).toHaveText(c.value);
      expect(await mints(page)).toBe(2);
    });
  }

  test('a field shown when Retry replaces the view is hidden first: onHide, and a hide in the audit log', async ({
    openMerchantPage,
    page,
    state,
  }) => {
    const sessions = sessionKeysOf(page);
    await tamperExchange(page.context(), spoilWrappedKey('pin'), { once: true });
    let frame = await openMerchantPage({ fields: ['pan', 'pin'] });
    await expect(frame.locator('[data-field="pin"][data-error-code="4015"]')).toBeVisible();
    await frame.getByTestId('toggle-pan').click();
    await expect(frame.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');
    await frame.getByTestId('retry-pin').click();
    frame = page.frameLocator('#card iframe');
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    const seen = (await events(page)).filter((e) => ['ready', 'reveal', 'hide'].includes(e.type));
    expect(seen.map((e) => (e.type === 'ready' ? e.type : `${e.type} ${String(e.detail?.field)}`))).toEqual([
      'ready',
      'reveal pan',
      'hide pan',
      'ready',
    ]);
    await expect.poll(() => auditedRevealsAndHides(state, sessions[0])).toEqual(['hide pan', 'reveal pan']);
  });

  /** True when the merchant page's focus is in its card iframe (the current one, after a retry). */
  const focusInFrame = (page: Page) => page.evaluate(() => document.activeElement === document.querySelector('#card iframe'));

  /** Presses a frame's Retry from the keyboard, as a cardholder would; the view that replaces it, once its token is minted. */
  async function retryByKeyboard(page: Page, frame: FrameLocator, retry: string): Promise<FrameLocator> {
    await frame.getByTestId(retry).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => mints(page)).toBe(2);
    return page.frameLocator('#card iframe');
  }

  test('Retry pressed with the keyboard keeps focus in the card: the new view starts on its first button', async ({
    openMerchantPage,
    page,
  }) => {
    await tamperExchange(page.context(), spoilWrappedKey('card'), { once: true });
    let frame = await openMerchantPage({ fields: ['pan', 'cvv'] });
    await expect(frame.locator('#root[data-error-code="4019"]')).toBeVisible();
    frame = await retryByKeyboard(page, frame, 'retry');
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(frame.getByTestId('toggle-pan')).toBeFocused();
    expect(await focusInFrame(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect(frame.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');
    expect(await mints(page)).toBe(2);
  });

  test('Retry pressed with the keyboard into another failure lands on that notice’s Retry', async ({
    openMerchantPage,
    page,
  }) => {
    await tamperExchange(page.context(), spoilWrappedKey('card'));
    let frame = await openMerchantPage({ fields: ['pan'] });
    await expect(frame.locator('#root[data-error-code="4019"]')).toBeVisible();
    frame = await retryByKeyboard(page, frame, 'retry');
    await expect(frame.locator('#root[data-error-code="4019"]')).toBeVisible();
    await expect(frame.getByTestId('retry')).toBeFocused();
    expect(await focusInFrame(page)).toBe(true);
  });

  // The PIN alone, spoiled on every exchange: the new view's first button is Show PIN, and
  // when the envelope fails right after `ready` that button goes with the row. The focus
  // that fell to the page moves to the row's own retry (field-row.tsx).
  test('a PIN row that fails under the keyboard focus hands it to the row’s retry', async ({ openMerchantPage, page }) => {
    await tamperExchange(page.context(), spoilWrappedKey('pin'));
    let frame = await openMerchantPage({ fields: ['pin'] });
    await expect(frame.locator('[data-field="pin"][data-error-code="4015"]')).toBeVisible();
    await expect(frame.getByTestId('retry-pin')).not.toBeFocused(); // the page had the focus: nothing moved it
    frame = await retryByKeyboard(page, frame, 'retry-pin');
    await expect(frame.locator('[data-field="pin"][data-error-code="4015"]')).toBeVisible();
    await expect(frame.getByTestId('retry-pin')).toBeFocused();
    expect(await focusInFrame(page)).toBe(true);
  });

  // The silent 1014 refresh replaces the frame too, while the cardholder may be typing in
  // the merchant's own form: that focus is theirs, and stays.
  test('a silent token refresh leaves the focus in the merchant’s form', async ({ openMerchantPage, page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    await spend(page, openMerchantPage, token);
    await page.addInitScript(() =>
      document.addEventListener('DOMContentLoaded', () => {
        if (window !== window.top) return; // init scripts run in the card's frame too
        const input = document.body.insertBefore(document.createElement('input'), document.body.firstChild);
        input.id = 'merchant-input';
        input.focus();
      }),
    );
    const frame = await openMerchantPage({ firstToken: token, fields: ['pan'] });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    expect(await mints(page)).toBe(1); // the refresh happened
    await expect(page.locator('#merchant-input')).toBeFocused();
    await expect(frame.getByTestId('toggle-pan')).not.toBeFocused();
  });

  test('a frame that never says hello ends in a timeout that says what to fix', async ({ openMerchantPage, page }) => {
    await openMerchantPage({ blockFrames: true, helloTimeoutMs: 1500 });
    await expect
      .poll(async () => (await events(page)).find((e) => e.type === 'error')?.detail)
      .toMatchObject({
        code: 1001,
        reason: 'frame_timeout',
        retryable: true,
      });
    await expect(page.locator('#card [role="alert"]')).toBeVisible();
  });

  // The frame checks the appearance where it applies it: a refused one never reaches the
  // page's styles, the merchant hears why (1004 naming the token), and the card still shows.
  for (const [locale, words] of [
    ['en_US', 'Invalid request parameter'],
    ['zh_CN', '请求参数无效'],
  ] as const) {
    test(`sets aside appearance that is not an allow-listed token, and says which (${locale})`, async ({
      openMerchantPage,
      page,
    }) => {
      for (const [appearance, token] of [
        [{ theme: 'dark', colorText: 'url(https://evil.example/x)' }, 'colorText'],
        [{ fontFamily: '@import x' }, 'fontFamily'],
        [{ 'body { color': 'red' }, 'body { color'],
      ] as const) {
        const frame = await openMerchantPage({ appearance, locale });
        await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
        await expect(frame.locator('#root')).not.toHaveAttribute('data-theme', 'dark');
        const reported = (await events(page)).filter((e) => e.type === 'error').map((e) => e.detail);
        expect(reported).toEqual([
          {
            code: 1004,
            message: `appearance.${token}${locale === 'zh_CN' ? '：' : ': '}${words}`,
            locale,
            reason: `appearance.${token}`,
            retryable: false,
          },
        ]);
        expect(await frame.locator('#root').evaluate((el) => el.getAttribute('style') ?? '')).not.toMatch(/url|@import|evil/);
      }
    });
  }

  test('applies the theme and updates it live, without a new exchange', async ({ openMerchantPage, page }) => {
    const frame = await openMerchantPage({ appearance: { theme: 'light', colorAccent: '#0f766e', radius: 4 } });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(frame.locator('#root')).toHaveAttribute('data-theme', 'light');
    await page.evaluate(() =>
      (window as unknown as { __display: { update(a: object): void } }).__display.update({
        theme: 'dark',
        colorAccent: '#e11d48',
      }),
    );
    await expect(frame.locator('#root')).toHaveAttribute('data-theme', 'dark');
    expect(await frame.locator('#root').evaluate((el) => el.style.getPropertyValue('--cv-accent'))).toBe('#e11d48');
    expect((await events(page)).filter((e) => e.type === 'ready')).toHaveLength(1);
  });

  test('under the auto theme, keeps a merchant’s text readable when the device switches to dark', async ({
    openMerchantPage,
    page,
  }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    const frame = await openMerchantPage({ appearance: { theme: 'auto', colorText: '#4a4a4a' } });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    // on the light background, 76% of the grey reads at 4.5:1
    await expect(frame.locator('#root')).toHaveCSS('--cv-mu', '76%');
    await page.emulateMedia({ colorScheme: 'dark' });
    // on the dark one no mix does: secondary text takes the text colour itself
    await expect(frame.locator('#root')).toHaveCSS('--cv-mu', '100%');
  });

  test('the ES module build (/sdk/v1/cardveil.mjs) shows, reveals and reports like the script', async ({
    openMerchantPage,
    page,
  }) => {
    const frame = await openMerchantPage({ esm: true, fields: ['pan', 'cvv'], appearance: { radius: 99 } });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await frame.getByTestId('toggle-pan').click();
    await expect(frame.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');
    const told = async () => (await events(page)).filter((e) => e.type !== 'resize');
    await expect.poll(async () => (await told()).map((e) => e.type)).toEqual(['error', 'ready', 'reveal']);
    expect((await told())[0]!.detail).toMatchObject({ code: 1004, reason: 'appearance.radius' });
    expect(
      await page.evaluate(() => typeof (window as unknown as { Cardveil: { CardveilError: unknown } }).Cardveil.CardveilError),
    ).toBe('function');
  });

  test('setLocale() switches the language live', async ({ openMerchantPage, page }) => {
    const frame = await openMerchantPage({ locale: 'en_US' });
    await expect(frame.getByRole('button', { name: 'Show card number' })).toBeVisible();
    await page.evaluate(() => (window as unknown as { __display: { setLocale(l: string): void } }).__display.setLocale('zh_CN'));
    await expect(frame.getByRole('button', { name: '显示卡号' })).toBeVisible();
    await expect(frame.locator('html')).toHaveAttribute('lang', 'zh-CN');
    expect((await events(page)).filter((e) => e.type === 'ready')).toHaveLength(1);
  });
});

/**
 * The demo's React page with e2e/support/react-props-page.tsx in place of its script: a
 * `<CardDisplay>` whose props the spec sets (`__initialProps` before load, then `setProps`).
 */
async function openPropsPage(page: Page, mode?: 'development') {
  const outfile = test.info().outputPath('react-props-page.js');
  await build({ ...demoReactPageBuild(outfile, mode), entryPoints: ['e2e/support/react-props-page.tsx'] });
  await page.route(`${DEMO_ORIGIN}/react-page.js`, (route) => route.fulfill({ path: outfile, contentType: 'text/javascript' }));
  const mintRequests: string[] = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().endsWith('/api/card-view-token')) mintRequests.push(req.url());
  });
  await page.goto(`${DEMO_ORIGIN}/react`);
  return {
    events: () => page.evaluate(() => (window as unknown as { __events: string[] }).__events),
    setProps: (p: object) => page.evaluate((q) => (window as unknown as { __setProps(p: object): void }).__setProps(q), p),
    mintRequests,
  };
}

test.describe('the React binding', () => {
  test('<CardDisplay> in StrictMode mounts once per view, burns no token, and follows props', async ({ page }) => {
    const mints: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/api/card-view-token')) mints.push(req.url());
    });
    await page.goto(`${DEMO_ORIGIN}/react`);
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(page.locator('iframe')).toHaveCount(1);
    expect(mints).toHaveLength(1);
    await frame.getByTestId('toggle-pan').click();
    await expect(frame.getByTestId('value-pan')).toHaveText('4000 0566 5566 5556');
    await page.selectOption('select[name=locale]', 'zh_CN');
    await expect(frame.getByRole('button', { name: '隐藏卡号' })).toBeVisible();
    // the shop's page around it follows: its language, and the header's words
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('header a')).toHaveText('脚本标签页面');
    await expect(page.locator('#log')).not.toContainText('error');
    await expect(page.locator('#log li', { hasText: 'ready' })).toHaveCount(1);
  });

  test('<CardDisplay> reports a locale the SDK refuses to onError, and keeps the merchant’s page and the card', async ({
    page,
  }) => {
    await page.goto(`${DEMO_ORIGIN}/react`);
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    // a merchant's language selector with a tag where a Cardveil locale belongs
    await page.evaluate(() => {
      const option = document.createElement('option');
      option.value = 'zh-CN';
      document.querySelector('select[name=locale]')!.append(option);
    });
    await page.selectOption('select[name=locale]', 'zh-CN');
    await expect(page.locator('#log li', { hasText: 'error' })).toContainText('"code":1004');
    await expect(page.locator('#log li', { hasText: 'error' })).toContainText('locale: Invalid request parameter');
    await expect(page.locator('h1')).toHaveText('Your card (React)'); // the tree is still there
    await expect(frame.getByRole('button', { name: 'Show card number' })).toBeVisible();
    await page.selectOption('select[name=locale]', 'zh_CN');
    await expect(frame.getByRole('button', { name: '显示卡号' })).toBeVisible();
    await expect(page.locator('#log li', { hasText: 'ready' })).toHaveCount(1);
  });

  test('<CardDisplay> mounts once a merchant corrects the options mount() refused, read at mount only', async ({ page }) => {
    // both wrong at first: an appearance that cannot travel to the frame, and a timeout that is no duration
    await page.addInitScript(() => {
      (window as unknown as { __initialProps: unknown }).__initialProps = {
        appearance: { colorAccent: () => '#000' },
        helloTimeoutMs: -1,
      };
    });
    const { events, setProps, mintRequests } = await openPropsPage(page);
    const appearanceRefused = 'error 1004 appearance: Invalid request parameter';
    const timeoutRefused = 'error 1004 helloTimeoutMs: Invalid request parameter';
    await expect.poll(events).toEqual([appearanceRefused]);
    await expect(page.locator('iframe')).toHaveCount(0);
    // one corrected: mount() is tried again, and refuses the other
    await setProps({ appearance: { colorAccent: '#0a7d4f' } });
    await expect.poll(events).toEqual([appearanceRefused, timeoutRefused]);
    await expect(page.locator('iframe')).toHaveCount(0);
    // both: the card shows, mounted once
    await setProps({ helloTimeoutMs: 20_000 });
    await expect(page.frameLocator('iframe').locator('#root[data-state="ready"]')).toBeVisible();
    await expect.poll(events).toEqual([appearanceRefused, timeoutRefused, 'ready']);
    await expect(page.locator('iframe')).toHaveCount(1);
    // one token, for the one mount that went ahead: the refused ones asked for none
    expect(mintRequests).toHaveLength(1);
  });

  test('<CardDisplay> remounted after its frame presented a static token, before any answer, fetches a fresh one', async ({
    page,
  }) => {
    // exchanges are held: a frame presents its token, and hears nothing back
    const presented: string[] = [];
    await page.route(`${DISPLAY_ORIGIN}/api/v1/pci/display/sessions`, (route) => {
      presented.push((route.request().postDataJSON() as { client_access_token: string }).client_access_token);
    });
    const { setProps, mintRequests } = await openPropsPage(page);
    await expect.poll(() => presented.length).toBe(1);
    // a static token of the merchant's, then a prop the mount follows changes before its frame answered
    const token = await page.evaluate(() => (window as unknown as { __fetchToken(): Promise<string> }).__fetchToken());
    await setProps({ clientAccessToken: token });
    await expect.poll(() => presented).toEqual([presented[0], token]);
    await setProps({ autoHideSeconds: 10 });
    // the new frame has a token of its own, fetched: the static one left in the last one's init
    await expect.poll(() => presented.length).toBe(3);
    expect(presented[2]).not.toBe(token);
    expect(mintRequests).toHaveLength(3);
  });

  test('<CardDisplay> hands its display to a new displayRef without a remount, the old one hearing null', async ({ page }) => {
    await page.addInitScript(() => {
      (window as unknown as { __initialProps: unknown }).__initialProps = { refName: 'first' };
    });
    // a development build: StrictMode runs the binding's effects twice, as in a merchant's dev server
    const { events, setProps, mintRequests } = await openPropsPage(page, 'development');
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    // StrictMode's mount, teardown and mount: the ref hears each, and one display is left
    await expect.poll(events).toEqual(['first display', 'first null', 'first display', 'ready']);
    await setProps({ refName: 'second' });
    await expect.poll(events).toEqual(['first display', 'first null', 'first display', 'ready', 'first null', 'second display']);
    // the same view, driven through what the second ref was given
    type Displays = { __displays: Record<string, { reveal(f: string): void }> };
    expect(
      await page.evaluate(
        () => (window as unknown as Displays).__displays.second === (window as unknown as Displays).__displays.first,
      ),
    ).toBe(true);
    await page.evaluate(() => (window as unknown as Displays).__displays.second!.reveal('pan'));
    await expect(frame.getByTestId('value-pan')).toHaveText('4000 0566 5566 5556');
    await expect(page.locator('iframe')).toHaveCount(1);
    expect(mintRequests).toHaveLength(1);
  });

  test('<CardDisplay> in a development build, where StrictMode mounts twice, mints one token per view', async ({ page }) => {
    // the demo's React page as a merchant runs it in development: React's own checks on
    // in the test's own output folder, which Playwright empties at the next run
    const outfile = test.info().outputPath('react-page.js');
    await build(demoReactPageBuild(outfile, 'development'));
    await page.route(`${DEMO_ORIGIN}/react-page.js`, (route) => route.fulfill({ path: outfile, contentType: 'text/javascript' }));
    const mintRequests: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/api/card-view-token')) mintRequests.push(req.url());
    });
    await page.goto(`${DEMO_ORIGIN}/react`);
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await frame.getByTestId('toggle-pan').click();
    await expect(frame.getByTestId('value-pan')).toHaveText('4000 0566 5566 5556');
    expect(mintRequests).toHaveLength(1);
    await expect(page.locator('#log')).not.toContainText('error');
  });
});
