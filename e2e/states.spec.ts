import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, FrameLocator, Page } from '@playwright/test';
import { test, expect, events, mintFor, mints } from './support/fixtures.js';
import { admin } from './support/admin.js';
import { resend, SESSIONS, spoilWrappedKey, tamperExchange } from './support/tamper.js';
import { e2eEnv, STRANGER_ORIGIN } from './support/env.js';
import { DISPLAY_ROUTES } from '../src/shared/api.js';
import { countKeyGenerations, keyGenerations } from './support/keygen-count.js';
import { behindSpentAddress } from './support/page-limit.js';

/**
 * Every state the frame can show (shared/error-codes.md), reached for real in both
 * languages, each saved as e2e/__screenshots__/<state>-<locale>.png for a person to
 * review side by side. Faults on the wire (a replayed nonce, a tampered envelope, a
 * dropped connection) are made by intercepting the frame's own request.
 */
const SHOTS = 'e2e/__screenshots__';
mkdirSync(SHOTS, { recursive: true });

/** Saves the state for review, and checks it with axe-core: zero violations, frame included. */
async function shoot(page: Page, name: string) {
  await page.locator('#card').screenshot({ path: `${SHOTS}/${name}.png`, animations: 'disabled' });
  const results = await new AxeBuilder({ page }).include('#card').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const freshNonce = () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');

async function expectState(frame: FrameLocator, code: number) {
  await expect(frame.locator(`#root[data-state="error"][data-error-code="${code}"]`)).toBeVisible();
  await expect(frame.locator('#root')).toContainText(String(code));
}

for (const locale of ['en_US', 'zh_CN'] as const) {
  const zh = locale === 'zh_CN';

  test.describe(`states in ${locale}`, () => {
    test('ready, masked', async ({ openMerchantPage, page }) => {
      const frame = await openMerchantPage({ locale });
      await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
      await expect(frame.locator('[data-field][data-state="masked"]')).toHaveCount(4);
      await shoot(page, `ready-${locale}`);
      await frame.getByTestId('toggle-pan').click();
      await frame.getByTestId('toggle-cvv').click();
      await expect(frame.getByTestId('value-cvv')).toHaveText('947');
      await expect(frame.locator('[data-field][data-state="revealed"]')).toHaveCount(2);
      await expect(frame.locator('[data-field="expiry"]')).toHaveAttribute('data-state', 'masked');
      await shoot(page, `revealed-${locale}`);
    });

    test('1009 when the card is viewed too often: Retry waits out the server’s Retry-After', async ({
      openMerchantPage,
      page,
      state,
      limitedOrigin,
    }) => {
      test.slow(); // a card made through the CLI, two views and axe, on two cores
      // A card no other spec views: its first view here starts the limit's minute, so the
      // views below all fall in it (the counters are shared with the main server when scaled).
      const { card_id: cardId } = admin(e2eEnv(state.dataDir), [
        'card:create',
        '--merchant',
        state.merchant.merchant_id,
        '--type',
        'physical',
        '--pan',
        '4242424242424242',
        '--cvv',
        '318',
        '--expiry',
        '11/31',
        '--pin',
        '384951',
      ]);
      await page.clock.install();
      // That server lets a card be viewed once a minute: the second view is over the limit.
      const first = await openMerchantPage({ locale, cardId, displayOrigin: limitedOrigin });
      await expect(first.locator('#root[data-state="ready"]')).toBeVisible();
      const frame = await openMerchantPage({ locale, cardId, displayOrigin: limitedOrigin });
      await expectState(frame, 1009);
      await expect(frame.locator('#root')).toContainText(zh ? '操作过于频繁' : 'Too many attempts');
      const retry = frame.getByTestId('retry');
      await expect(retry).toHaveAttribute('aria-disabled', 'true');
      // the minute began with the first view, seconds ago
      await expect(retry.locator('[aria-hidden="true"]')).toHaveText(
        zh ? /^(60|[1-5]\d) 秒后重试$/ : /^Try again in (60|[1-5]\d) s$/,
      );
      await expect(retry).toHaveAccessibleName(zh ? '重试' : 'Try again');
      const minted = await mints(page);
      await retry.press('Enter'); // too early: nothing happens
      // the server's window is a minute; past it, Retry asks the SDK for a fresh view, once
      await page.clock.fastForward('01:01');
      await expect(retry).not.toHaveAttribute('aria-disabled');
      await expect(retry).toHaveText(zh ? '重试' : 'Try again');
      await retry.click();
      await expect.poll(() => mints(page)).toBe(minted + 1);
      // the server's own minute has not passed: the fresh view is refused, and waits again
      await expectState(frame, 1009);
      await expect(frame.getByTestId('retry')).toHaveAttribute('aria-disabled', 'true');
      expect(await mints(page)).toBe(minted + 1);
      // last: the views above must fall in the server's real minute, which axe and a screenshot would eat into
      await shoot(page, `1009-${locale}`);
    });

    test('1009 when the frame’s page is loaded too often from one address: said at once, nothing presented', async ({
      openMerchantPage,
      page,
      limitedOrigin,
    }) => {
      // Cardholders behind one address (a carrier's NAT, say) have used up its page loads for the minute.
      await behindSpentAddress(page, limitedOrigin, `${limitedOrigin}/embed?*`);
      const presented: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === DISPLAY_ROUTES.sessions) presented.push(r.url());
      });
      await page.addInitScript(countKeyGenerations);
      const frame = await openMerchantPage({ locale, displayOrigin: limitedOrigin });
      await expectState(frame, 1009);
      await expect(frame.locator('#root')).toContainText(zh ? '操作过于频繁' : 'Too many attempts');
      // The merchant's page hears it from the frame at once, not as a hello that never came.
      await expect
        .poll(async () => (await events(page)).find((e) => e.type === 'error')?.detail)
        .toMatchObject({ code: 1009, locale, retryable: true });
      // Retry waits out the server's Retry-After: a fresh token now would only be refused again.
      const retry = frame.getByTestId('retry');
      await expect(retry).toHaveAttribute('aria-disabled', 'true');
      await expect(retry.locator('[aria-hidden="true"]')).toHaveText(zh ? /^\d+ 秒后重试$/ : /^Try again in \d+ s$/);
      // no exchange, so the token is unspent, and no key pair made for one
      expect(presented).toEqual([]);
      const embedded = page.frames().find((f) => f.url().startsWith(`${limitedOrigin}/embed`));
      expect(await keyGenerations(embedded!)).toBe(0);
    });

    test('1013 when the merchant’s PCI display is switched off', async ({ openMerchantPage, page, state }) => {
      const env = e2eEnv(state.dataDir);
      await context(page).route(SESSIONS, async (route) => {
        admin(env, ['merchant:update', state.merchant.merchant_id, '--pci-display', 'off']);
        try {
          await route.fulfill({ response: await resend(route) });
        } finally {
          admin(env, ['merchant:update', state.merchant.merchant_id, '--pci-display', 'on']);
        }
      });
      const frame = await openMerchantPage({ locale });
      await expectState(frame, 1013);
      await expect(frame.locator('#root')).toContainText(zh ? '无法在此显示卡片信息' : 'Card details can’t be shown here');
      await shoot(page, `1013-${locale}`);
    });

    // The merchant's backend cannot mint for a merchant with PCI display off either: the page
    // has no token, no frame exchanges, and the container says 1013 (not a 1001 timeout).
    test('1013 in the container when the page could get no token for it', async ({ openMerchantPage, page, state }) => {
      const env = e2eEnv(state.dataDir);
      admin(env, ['merchant:update', state.merchant.merchant_id, '--pci-display', 'off']);
      try {
        await openMerchantPage({ locale, helloTimeoutMs: 60_000 });
        const refusal = page.locator('#card [role="alert"][data-error-code="1013"]');
        await expect(refusal).toContainText(zh ? '无法在此显示卡片信息' : 'Card details can’t be shown here');
        await expect
          .poll(async () => (await events(page)).filter((e) => e.type === 'error').map((e) => e.detail?.code))
          .toEqual([1013]);
      } finally {
        admin(env, ['merchant:update', state.merchant.merchant_id, '--pci-display', 'on']);
      }
    });

    test('1013 in the frame when PCI display was switched off after the token was minted', async ({
      openMerchantPage,
      page,
      state,
    }) => {
      const env = e2eEnv(state.dataDir);
      const token = await mintFor(state, 'physical', ['pan']);
      admin(env, ['merchant:update', state.merchant.merchant_id, '--pci-display', 'off']);
      try {
        // the embed check says 1013 before the frame has loaded: the frame, not the SDK, shows it
        const frame = await openMerchantPage({ locale, token, fields: ['pan'] });
        await expectState(frame, 1013);
        await expect(frame.locator('#root')).toContainText(zh ? '无法在此显示卡片信息' : 'Card details can’t be shown here');
        await expect
          .poll(async () => (await events(page)).filter((e) => e.type === 'error').map((e) => e.detail?.code))
          .toEqual([1013]);
      } finally {
        admin(env, ['merchant:update', state.merchant.merchant_id, '--pci-display', 'on']);
      }
    });

    test('1014 when the token was already used', async ({ openMerchantPage, page }) => {
      await context(page).route(SESSIONS, async (route) => {
        await resend(route); // someone else presented this token first
        await route.fulfill({ response: await resend(route, { 'x-nonce': freshNonce() }) });
      });
      const frame = await openMerchantPage({ locale, refresh: false });
      await expectState(frame, 1014);
      await expect(frame.locator('#root')).toContainText(zh ? '本次查看已失效' : 'This view has expired');
      // no fresh token to be had (refresh off): the way back, not a button that is not there
      await expect(frame.locator('#root')).toContainText(
        zh
          ? '为保障安全，每次查看仅可使用一次。请返回后重新打开卡片。'
          : 'For your security each view works once. Go back and open your card again.',
      );
      await expect(frame.getByTestId('retry')).toHaveCount(0);
      await shoot(page, `1014-${locale}`);
    });

    test('1015 in the container when the page is not whitelisted', async ({ openMerchantPage, page }) => {
      await openMerchantPage({ locale, origin: STRANGER_ORIGIN });
      await expect(page.locator('#card [data-error-code="1015"]')).toBeVisible();
      await expect(page.locator('#card')).toContainText(
        zh ? '此网站无权显示卡片信息' : 'This site isn’t allowed to show card details',
      );
      await shoot(page, `1015-${locale}`);
    });

    test('1016 when the page reaches the display server under another name', async ({ openMerchantPage, page }) => {
      // localhost:4870 is the same server, but not its configured PUBLIC_ORIGIN.
      const frame = await openMerchantPage({ locale, displayOrigin: 'http://localhost:4870' });
      await expectState(frame, 1016);
      await expect(frame.locator('#root')).toContainText(zh ? '页面配置有误' : 'This page is misconfigured');
      await shoot(page, `1016-${locale}`);
    });

    test('1017 when the exchange is replayed with a seen nonce', async ({ openMerchantPage, page }) => {
      await context(page).route(SESSIONS, async (route) => {
        await resend(route); // the original reaches the server first
        await route.fulfill({ response: await resend(route) }); // then the same request, same nonce, again
      });
      const frame = await openMerchantPage({ locale });
      await expectState(frame, 1017);
      await expect(frame.locator('#root')).toContainText(zh ? '安全校验未通过' : 'Security check failed');
      await shoot(page, `1017-${locale}`);
    });

    test('1018 when the request’s Fetch Metadata is forged', async ({ openMerchantPage, page }) => {
      await context(page).route(SESSIONS, async (route) =>
        route.fulfill({ response: await resend(route, { 'sec-fetch-site': 'cross-site' }) }),
      );
      const frame = await openMerchantPage({ locale });
      await expectState(frame, 1018);
      await expect(frame.locator('#root')).toContainText(zh ? '请从商户处打开卡片' : 'Open your card from the merchant');
      await shoot(page, `1018-${locale}`);
    });

    test('4019 when the card envelope was tampered with', async ({ openMerchantPage, page }) => {
      await tamperExchange(context(page), spoilWrappedKey('card'));
      const frame = await openMerchantPage({ locale });
      await expectState(frame, 4019);
      await expect(frame.locator('#root')).toContainText(zh ? '无法显示卡片信息' : 'Card details can’t be shown');
      await shoot(page, `4019-${locale}`);
    });

    test('4015 on the PIN alone when the PIN envelope was tampered with', async ({ openMerchantPage, page }) => {
      await tamperExchange(context(page), spoilWrappedKey('pin'));
      const frame = await openMerchantPage({ locale });
      await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
      const pin = frame.locator('[data-field="pin"][data-error-code="4015"]');
      await expect(pin).toBeVisible();
      // what happened and what to do, in the row and said aloud
      const copy = zh
        ? ['无法显示 PIN', '无法安全读取 PIN，请重试以重新加载卡片。']
        : ['PIN can’t be shown', 'We couldn’t unlock your PIN securely. Try again to load a fresh view.'];
      await expect(pin).toContainText(copy[0]!);
      await expect(pin).toContainText(copy[1]!);
      await expect(frame.getByTestId('retry-pin')).toHaveText(zh ? '重试' : 'Try again');
      await expect(frame.locator('[aria-live="polite"]')).toHaveText(`${copy[0]}${zh ? '。' : '. '}${copy[1]}`);
      await frame.getByTestId('toggle-cvv').click();
      await expect(frame.getByTestId('value-cvv')).toHaveText('947');
      await shoot(page, `4015-${locale}`);
    });

    test('1001 when the network fails', async ({ openMerchantPage, page }) => {
      await context(page).route(SESSIONS, (route) => route.abort('internetdisconnected'));
      const frame = await openMerchantPage({ locale });
      await expectState(frame, 1001);
      await expect(frame.locator('.cv-notice-title')).toHaveText(zh ? '网络连接异常' : 'You seem to be offline');
      await expect(frame.locator('.cv-notice-detail')).toHaveText(
        zh ? '请检查网络连接后重试。' : 'Check your connection, then try again.',
      );
      await expect
        .poll(async () => (await events(page)).find((e) => e.type === 'error')?.detail)
        .toMatchObject({
          code: 1001,
          reason: 'network',
          retryable: true,
        });
      await shoot(page, `1001-${locale}`);
    });

    test('a failure in the dark theme, under a light brand accent and in mid-grey text, reads at AA contrast', async ({
      openMerchantPage,
      page,
    }) => {
      await context(page).route(SESSIONS, (route) => route.abort('internetdisconnected'));
      const frame = await openMerchantPage({ locale, appearance: { theme: 'dark' } });
      await expectState(frame, 1001);
      await shoot(page, `1001-dark-${locale}`); // axe-core's color-contrast rule runs here
      await page.evaluate(() =>
        (window as unknown as { __display: { update(a: object): void } }).__display.update({ colorAccent: '#22c55e' }),
      );
      await expect(frame.getByTestId('retry')).toHaveCSS('background-color', 'rgb(34, 197, 94)');
      await expect(frame.getByTestId('retry')).toHaveCSS('color', 'rgb(23, 25, 31)');
      await shoot(page, `1001-accent-${locale}`);
      // a mid-grey text colour: secondary text takes more of it to stay at 4.5:1
      await page.evaluate(() =>
        (window as unknown as { __display: { update(a: object): void } }).__display.update({
          theme: 'light',
          colorText: '#4a4a4a',
        }),
      );
      await expect(frame.locator('#root')).toHaveCSS('--cv-mu', '76%');
      await shoot(page, `1001-grey-${locale}`);
    });

    test('the session’s last 30 seconds are shown under the card, and said once', async ({ openMerchantPage, page }) => {
      await page.clock.install();
      const frame = await openMerchantPage({ locale });
      await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
      await page.clock.fastForward('09:00');
      await expect(frame.getByTestId('ending')).toHaveCount(0);
      await page.clock.fastForward('00:40'); // the frame ends its view at ≈ 598 s
      const counted = zh
        ? /^为保障安全，卡片信息将在 (\d+) 秒后隐藏$/
        : /^For your security, card details will be hidden in (\d+) seconds$/;
      await expect(frame.getByTestId('ending')).toHaveText(counted);
      const left = Number(counted.exec((await frame.getByTestId('ending').textContent())!)![1]);
      expect(left).toBeGreaterThan(10);
      expect(left).toBeLessThan(30);
      await page.clock.fastForward('00:05');
      await expect(frame.getByTestId('ending')).toHaveText(
        zh
          ? `为保障安全，卡片信息将在 ${left - 5} 秒后隐藏`
          : `For your security, card details will be hidden in ${left - 5} seconds`,
      );
      // aloud once, when the last 30 seconds began; the count itself is not announced
      await expect(frame.locator('[aria-live="polite"]')).toHaveText(
        zh ? '为保障安全，卡片信息将在 30 秒后隐藏' : 'For your security, card details will be hidden in 30 seconds',
      );
    });

    test('expired when the session ends', async ({ openMerchantPage, page }) => {
      // the server's own session (SESSION_TTL_SECONDS, 600 s by default), its end reached on
      // the page's clock rather than waited for
      await page.clock.install();
      const frame = await openMerchantPage({ locale });
      await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
      await frame.getByTestId('toggle-pan').click();
      await expect(frame.getByTestId('toggle-pan')).toBeFocused();
      await page.clock.fastForward('10:00');
      await expect(frame.locator('#root[data-state="expired"]')).toBeVisible();
      await expect(frame.getByTestId('value-pan')).toHaveCount(0);
      // the control the cardholder was on went with the card: focus moves to what comes next,
      // and the end of the session is said aloud, not only shown
      const retry = frame.getByTestId('retry');
      await expect(retry).toBeFocused();
      await expect(retry).toHaveText(zh ? '刷新' : 'Reload');
      const [title, detail] = zh
        ? ['本次查看已结束', '为保障安全，卡片信息已再次隐藏。请刷新后重新查看。']
        : ['Your session has ended', 'Card details are hidden again for your security. Reload to view them again.'];
      await expect(frame.locator('[aria-live="polite"]')).toHaveText(`${title}${zh ? '。' : '. '}${detail}`);
      // the button focus lands on says why it is there, should the announcement be cut short
      await expect(retry).toHaveAccessibleDescription(`${title} ${detail}`);
      await expect.poll(async () => (await events(page)).some((e) => e.type === 'expired')).toBe(true);
      await shoot(page, `expired-${locale}`);
    });
  });
}

function context(page: Page): BrowserContext {
  return page.context();
}
