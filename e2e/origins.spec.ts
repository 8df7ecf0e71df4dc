import { test, expect, mintFor, events } from './support/fixtures.js';
import type { Page } from '@playwright/test';
import { DISPLAY_ROUTES } from '../src/shared/api.js';
import { DISPLAY_ORIGIN, LOCALHOST_ORIGIN, MERCHANT_ORIGIN, STRANGER_ORIGIN } from './support/env.js';

/** The exchanges the page's frames send, as they are sent. */
function exchangesOf(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === DISPLAY_ROUTES.sessions) sent.push(r.url());
  });
  return sent;
}

test.describe('who may show the frame', () => {
  for (const locale of ['en_US', 'zh_CN'] as const) {
    test(`a page outside the whitelist gets no frame, and learns why (1015, ${locale})`, async ({ openMerchantPage, page }) => {
      const exchanges = exchangesOf(page);
      await openMerchantPage({ origin: STRANGER_ORIGIN, locale, refresh: true });
      await expect
        .poll(async () => (await events(page)).find((e) => e.type === 'error')?.detail)
        .toMatchObject({
          code: 1015,
          locale,
        });
      const text = locale === 'zh_CN' ? '此网站无权显示卡片信息' : 'This site isn’t allowed to show card details';
      await expect(page.locator('#card')).toContainText(text);
      // the SDK's words stand in the frame's place, and no frame of ours exchanged a token
      await expect(page.locator('#card iframe')).toHaveCount(0);
      expect(exchanges).toEqual([]);
    });
  }

  // An attacker's page does not use our SDK: it frames /embed itself, then plays the parent's
  // part of the handshake with a real token (minted for the whitelisted page). The browser must
  // refuse the stranger's frame, so its init reaches no document of ours and no token is spent.
  for (const [who, origin, framed] of [
    ['a whitelisted page', MERCHANT_ORIGIN, true],
    ['a page outside the whitelist', STRANGER_ORIGIN, false],
  ] as const) {
    test(`${who} framing /embed by hand ${framed ? 'gets the frame, and its init an exchange' : 'gets nothing: no document, no hello, no exchange'}`, async ({
      openMerchantPage,
      page,
      state,
    }) => {
      const exchanges = exchangesOf(page);
      const frameId = 'abcdefghijklmnop';
      await page.goto(`${origin}/blank`);
      await page.evaluate(
        (src) =>
          new Promise<void>((resolve) => {
            const w = window as unknown as { __hellos: number };
            w.__hellos = 0;
            addEventListener('message', (e) => (e.data as { type?: string })?.type === 'hello' && w.__hellos++);
            const f = document.createElement('iframe');
            // once the browser is done with the frame: its document, or the error page in its place
            f.addEventListener('load', () => resolve(), { once: true });
            f.src = src;
            document.body.append(f);
          }),
        `${DISPLAY_ORIGIN}/embed?merchant_id=${state.merchant.merchant_id}&frame_id=${frameId}&locale=en_US`,
      );
      const hellos = () => page.evaluate(() => (window as unknown as { __hellos: number }).__hellos);
      await expect(page.frameLocator('iframe').locator('#root')).toHaveCount(framed ? 1 : 0);
      if (framed) await expect.poll(hellos).toBe(1);
      // init to whatever document the iframe holds ('*': an attacker aims at anything)
      const token = await mintFor(state, 'physical', ['pan'], MERCHANT_ORIGIN);
      await page.evaluate(
        ({ token, frameId }) => {
          const { port2 } = new MessageChannel();
          const init = { cardveil: 1, type: 'init', frame_id: frameId, token, locale: 'en_US' };
          document.querySelector('iframe')!.contentWindow!.postMessage(init, '*', [port2]);
        },
        { token, frameId },
      );
      if (framed) {
        // the same init from a whitelisted parent: the frame exchanges the token, so the count can move
        await expect.poll(() => exchanges.length).toBe(1);
        return;
      }
      // nothing heard, nothing sent, and the token is unspent: the page it was minted for shows the card with it
      expect(await hellos()).toBe(0);
      const frame = await openMerchantPage({ token });
      await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
      expect(exchanges).toHaveLength(1);
    });
  }

  test('a token minted for one parent origin is refused from another whitelisted page (1015)', async ({
    openMerchantPage,
    page,
    state,
  }) => {
    const token = await mintFor(state, 'physical', ['pan'], MERCHANT_ORIGIN);
    const frame = await openMerchantPage({ origin: LOCALHOST_ORIGIN, token });
    await expect(frame.locator('[data-state="error"][data-error-code="1015"]')).toBeVisible();
    await expect.poll(async () => (await events(page)).find((e) => e.type === 'error')?.detail).toMatchObject({ code: 1015 });
  });

  test('the embed page opened directly, outside any frame, shows 1018', async ({ page, state }) => {
    await page.goto(`${DISPLAY_ORIGIN}/embed?merchant_id=${state.merchant.merchant_id}&frame_id=abcdefghijklmnop&locale=zh_CN`);
    await expect(page.locator('[data-error-code="1018"]')).toBeVisible();
    await expect(page.getByText('请从商户处打开卡片')).toBeVisible();
  });

  test('the embed page of a merchant that does not exist, opened directly, shows 1021', async ({ page }) => {
    await page.goto(`${DISPLAY_ORIGIN}/embed?merchant_id=mch_nobody&frame_id=abcdefghijklmnop&locale=en_US`);
    await expect(page.locator('[data-error-code="1021"]')).toBeVisible();
    await expect(page.getByText('Card details are unavailable')).toBeVisible();
  });
});
