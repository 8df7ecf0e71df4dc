import AxeBuilder from '@axe-core/playwright';
import type { FrameLocator } from '@playwright/test';
import { DISPLAY_ROUTES } from '../src/shared/api.js';
import { sessionKey } from '../src/server/crypto/tokens.js';
import { test, expect, events, fastForwardUntil, hostedUrlFor, holdAppModule } from './support/fixtures.js';
import { admin, auditedRevealsAndHides, sessionKeysOf, type AuditRow } from './support/admin.js';
import { DISPLAY_ORIGIN, MERCHANT_ORIGIN, e2eEnv } from './support/env.js';
import { SESSIONS } from './support/tamper.js';

/**
 * The frame where things are not as they should be: a device clock an hour off, a connection
 * that stalls, a language switched mid-session, a brand colour too light to read, a panel
 * that fails twice. Each reached for real, against the display server.
 */

const setLocale = (locale: string) =>
  (window as unknown as { __display: { setLocale(l: string): void } }).__display.setLocale(locale);

async function customRange(frame: FrameLocator, from: string, to: string) {
  await frame.getByTestId('range-custom').click();
  await frame.getByTestId('range-start').fill(from);
  await frame.getByTestId('range-end').fill(to);
  await frame.getByTestId('range-apply').click();
}

test.describe('the frame under adverse conditions', () => {
  test('opens the card on a phone whose clock is an hour slow: one 1005, then everything on the server’s time', async ({
    page,
    state,
  }) => {
    const codes: number[] = [];
    let sessionId = '';
    page.on('response', async (response) => {
      if (!response.url().endsWith(DISPLAY_ROUTES.sessions)) return;
      const body = (await response.json()) as { code: number; data?: { session_id: string } };
      codes.push(body.code);
      sessionId ||= body.data?.session_id ?? '';
    });
    await page.clock.install({ time: Date.now() - 3_600_000 });
    const { url } = await hostedUrlFor(state, 'virtual', ['pan']);
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    await expect.poll(() => codes).toEqual([1005, 0]);
    // the audit trail's events are stamped on the corrected clock too: the server took the
    // reveal (read from its audit log; the event's keepalive answer is not readable here)
    await page.getByTestId('toggle-pan').click();
    await expect(page.getByTestId('value-pan')).toHaveAttribute('data-revealed', '');
    const env = e2eEnv(state.dataDir);
    const audited = () =>
      (admin(env, ['audit', '--merchant', state.merchant.merchant_id]) as unknown as AuditRow[]).filter(
        (e) => e.session_id === sessionKey(sessionId) && e.action === 'reveal',
      );
    await expect.poll(() => audited().map((e) => [e.field, e.outcome])).toEqual([['pan', 0]]);
    // and the session, whose end is on the server's clock, did not end at once
    await expect(page.locator('#root')).toHaveAttribute('data-state', 'ready');
  });

  test('shows nothing on waking from a sleep past a value’s auto-hide instant, or past the session’s end', async ({
    page,
    state,
  }) => {
    await page.clock.install();
    const { url } = await hostedUrlFor(state, 'virtual', ['pan']);
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    /** A device asleep for `ms` (the wall clock moves on, no timer runs), then the page comes back. */
    const sleep = async (ms: number, comeBack: 'focus' | 'pageshow') => {
      await page.clock.setSystemTime((await page.evaluate(() => Date.now())) + ms);
      await page.evaluate((type) => window.dispatchEvent(new Event(type)), comeBack);
    };
    await page.getByTestId('toggle-pan').click();
    await expect(page.getByTestId('value-pan')).toHaveAttribute('data-revealed', '');
    await sleep(60_000, 'focus'); // past the 30 s auto-hide
    await expect(page.getByTestId('value-pan')).not.toHaveAttribute('data-revealed');
    await page.getByTestId('toggle-pan').click();
    await expect(page.getByTestId('value-pan')).toHaveAttribute('data-revealed', '');
    await sleep(3_600_000, 'pageshow'); // past the session's end
    await expect(page.locator('#root')).toHaveAttribute('data-state', 'expired');
    await expect(page.getByTestId('value-pan')).toHaveCount(0);
  });

  test('says a stalled load is slow after 15 s, once, without giving up on it', async ({ page, state }) => {
    await page.clock.install();
    await page.route(SESSIONS, () => undefined); // the exchange never answers
    const { url } = await hostedUrlFor(state, 'virtual', ['pan'], 'zh_CN');
    await page.goto(url);
    await expect(page.locator('[aria-busy="true"]')).toBeVisible();
    await expect(page.locator('.cv-slow')).toHaveCount(0);
    await fastForwardUntil(page, '00:16', () =>
      expect(page.locator('.cv-slow')).toHaveText('加载时间比平时长，请稍候……', { timeout: 1000 }),
    );
    await expect(page.locator('[aria-live="polite"]')).toHaveText('加载时间比平时长，请稍候……');
    await expect(page.locator('[aria-busy]')).toHaveCount(0); // the note is there to be read
    await expect(page.locator('#root')).toHaveAttribute('data-state', 'loading');
  });

  test('shows no made-up card while it loads in a contrast theme (forced colours)', async ({ page, state }) => {
    await page.emulateMedia({ forcedColors: 'active' });
    await page.route(SESSIONS, () => undefined); // the skeleton stays
    const { url } = await hostedUrlFor(state, 'virtual', ['pan', 'cvv']);
    await page.goto(url);
    await expect(page.locator('[aria-busy="true"]')).toBeVisible();
    // the skeleton's words only size it ("Visa", "0000"): a theme must not paint them in its text colour
    const colours = await page.locator('.cv-bone').evaluateAll((bones) => bones.map((b) => getComputedStyle(b).color));
    expect(colours.length).toBeGreaterThan(4);
    expect(new Set(colours)).toEqual(new Set(['rgba(0, 0, 0, 0)']));
  });

  test('offers a fresh view when the exchange stalls, and the fresh one opens the card', async ({ openMerchantPage, page }) => {
    await page.clock.install();
    let first = true;
    await page.route(SESSIONS, (route) => {
      if (!first) return route.continue();
      first = false; // the first exchange never answers
    });
    const frame = await openMerchantPage({ fields: ['pan'] });
    await expect(frame.locator('[aria-busy="true"]')).toBeVisible();
    await expect(frame.getByTestId('retry')).toHaveCount(0);
    const note = 'This is taking longer than usual. You can keep waiting, or try again.';
    await fastForwardUntil(page, '00:16', () => expect(frame.locator('#cv-slow-note')).toHaveText(note, { timeout: 1000 }));
    await expect(frame.getByTestId('retry')).toHaveAccessibleDescription(note);
    await frame.getByTestId('retry').click();
    // a new frame, with a new token from the merchant's backend
    await expect(frame.locator('#root')).toHaveAttribute('data-state', 'ready');
    await expect(frame.getByTestId('value-pan')).toBeVisible();
    expect((await events(page)).filter((e) => e.type === 'error')).toEqual([]);
  });

  test('offers no fresh view while the key itself is slow: a new frame would start its search again', async ({
    openMerchantPage,
    page,
  }) => {
    await page.clock.install();
    // a key generation that never ends, in every frame of the page, the display's included
    await page.addInitScript(() => {
      if (globalThis.crypto?.subtle) crypto.subtle.generateKey = (() => new Promise(() => {})) as SubtleCrypto['generateKey'];
    });
    const frame = await openMerchantPage({ fields: ['pan'] });
    await expect(frame.locator('[aria-busy="true"]')).toBeVisible();
    await fastForwardUntil(page, '00:16', () =>
      expect(frame.locator('#cv-slow-note')).toHaveText('This is taking longer than usual…', { timeout: 1000 }),
    );
    await expect(frame.getByTestId('retry')).toHaveCount(0);
  });

  test('speaks the hosted fragment’s language before the app has loaded: lang and one title', async ({ page, state }) => {
    const { url } = await hostedUrlFor(state, 'virtual', ['pan'], 'zh_CN');
    // the app's module is held back, as on a slow first load
    const release = await holdAppModule(page, /\/assets\/hosted-[\w-]+\.js$/);
    await page.goto(url, { waitUntil: 'commit' });
    await expect
      .poll(() => page.evaluate(() => [document.documentElement.lang, document.title, document.querySelectorAll('title').length]))
      .toEqual(['zh-CN', '卡片信息', 1]);
    release();
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(page).toHaveTitle('卡片信息');
  });

  test('does not say an old announcement again when the language changes', async ({ openMerchantPage, page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: MERCHANT_ORIGIN });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: DISPLAY_ORIGIN });
    const frame = await openMerchantPage();
    const region = frame.locator('[aria-live="polite"]');
    await frame.getByTestId('copy-pan').click();
    await expect(region).toHaveText('Card number copied');
    await page.evaluate(setLocale, 'zh_CN');
    await expect(frame.getByTestId('copy-pan')).toHaveAccessibleName('复制卡号');
    await expect(region).toHaveText('');
    // what happens after the switch is said, in the new language
    await frame.getByTestId('toggle-cvv').click();
    await expect(region).toHaveText('安全码已显示');
  });

  test('draws a light brand accent as text and rings only where it reads at 4.5:1', async ({ openMerchantPage, page }) => {
    const frame = await openMerchantPage({ appearance: { colorAccent: '#22c55e' } });
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    // #22c55e is 2.05:1 on its pill; moved towards the text colour, 4.8:1
    await expect(frame.locator('#root')).toHaveCSS('--cv-accent-fg', '#1e7a4c');
    await expect(frame.locator('.cv-type')).toHaveCSS('color', 'rgb(30, 122, 76)');
    const results = await new AxeBuilder({ page }).include('#card').withRules(['color-contrast']).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  test('tells the merchant of every failure in the transactions panel, the same code twice included', async ({
    openMerchantPage,
    page,
  }) => {
    const frame = await openMerchantPage({ fields: ['pan', 'transactions'] });
    const panel = frame.getByTestId('transactions');
    await expect(panel).toHaveAttribute('data-state', 'ready');
    await customRange(frame, '2020-01-01', '2020-01-31');
    await expect(panel).toHaveAttribute('data-error-code', '4009');
    await customRange(frame, '2020-02-01', '2020-02-28');
    await expect(panel).toHaveAttribute('data-state', 'error');
    await expect
      .poll(async () => (await events(page)).filter((e) => e.type === 'error').map((e) => [e.detail?.code, e.detail?.part]))
      .toEqual([
        [4009, 'transactions'],
        [4009, 'transactions'],
      ]);
  });

  test('keeps every reveal and hide in the audit log when the page goes in the task of a reveal', async ({ page, state }) => {
    const sessions = sessionKeysOf(page);
    const { url } = await hostedUrlFor(state, 'virtual', ['pan', 'cvv']);
    await page.goto(url);
    await expect(page.locator('#root[data-state="ready"]')).toBeVisible();
    await page.getByTestId('toggle-pan').click();
    await expect(page.getByTestId('value-pan')).toHaveAttribute('data-revealed', '');
    // A reveal's audit event waits for a task of its own (display-client.ts). When pagehide
    // comes in the reveal's own task, that event and the hides pagehide makes must all be
    // requested before the task ends: the page may not see another. Watched, not replaced.
    const requestedInTask = await page.evaluate(() => {
      const requested: string[] = [];
      const send = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const body = JSON.parse(String(init?.body ?? '{}')) as { event?: string; field?: string };
        if (body.event) requested.push(`${body.event} ${body.field}`);
        return send(input, init);
      };
      document.querySelector<HTMLElement>('[data-testid="toggle-cvv"]')!.click();
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      return requested;
    });
    expect(requestedInTask.sort()).toEqual(['hide cvv', 'hide pan', 'reveal cvv']);
    // then the page really goes: nothing was lost, and nothing sent twice
    await page.goto('about:blank');
    await expect
      .poll(() => auditedRevealsAndHides(state, sessions[0]))
      .toEqual(['hide cvv', 'hide pan', 'reveal cvv', 'reveal pan']);
  });
});
