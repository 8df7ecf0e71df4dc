import type { Page } from '@playwright/test';
import { test, expect, mintFor, holdsValue } from './support/fixtures.js';
import { DISPLAY_ORIGIN, MERCHANT_ORIGIN, STRANGER_ORIGIN } from './support/env.js';

/**
 * The postMessage protocol from the attacker's side. The merchant page here is bare:
 * the test plays the parent by hand, so it can also play it wrongly, and a sibling
 * frame from another origin plays a hostile third-party script.
 */
const FRAME_ID = 'attackframe00000001';

async function bareParent(page: Page, merchantId: string, withSibling = false) {
  await page.goto(`${MERCHANT_ORIGIN}/blank`);
  await page.evaluate(
    ({ src, sibling }) => {
      const w = window as unknown as { __window: unknown[] };
      w.__window = [];
      window.addEventListener('message', (e) => w.__window.push(e.data));
      const frame = document.createElement('iframe');
      frame.id = 'card';
      frame.src = src;
      document.body.append(frame);
      if (sibling) {
        const other = document.createElement('iframe');
        other.id = 'sibling';
        other.src = sibling;
        document.body.append(other);
      }
    },
    {
      src: `${DISPLAY_ORIGIN}/embed?merchant_id=${merchantId}&frame_id=${FRAME_ID}&locale=en_US`,
      sibling: withSibling ? `${STRANGER_ORIGIN}/blank` : '',
    },
  );
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { __window: { type?: string }[] }).__window.some((m) => m?.type === 'hello')),
    )
    .toBe(true);
  return page.frameLocator('#card');
}

/** Posts init to the card frame from this page, the way the SDK does; keeps port1 as window.__port. */
async function sendInit(page: Page, token: string, frameId = FRAME_ID) {
  await page.evaluate(
    ({ token, frameId, origin }) => {
      const { port1, port2 } = new MessageChannel();
      const w = window as unknown as { __port: MessagePort; __portMessages: unknown[] };
      w.__port = port1;
      w.__portMessages = [];
      port1.onmessage = (e) => w.__portMessages.push(e.data);
      const frame = document.querySelector<HTMLIFrameElement>('#card')!;
      frame.contentWindow!.postMessage({ cardveil: 1, type: 'init', frame_id: frameId, token, locale: 'en_US' }, origin, [port2]);
    },
    { token, frameId, origin: DISPLAY_ORIGIN },
  );
}

test.describe('postMessage attacks on the frame', () => {
  test('ignores an init from a sibling frame of another origin, then serves the real parent', async ({ page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    const frame = await bareParent(page, state.merchant.merchant_id, true);
    // The hostile sibling finds the card frame through the parent and offers it a token.
    await page
      .frameLocator('#sibling')
      .locator('body')
      .evaluate((_b, t) => {
        const target = window.parent.frames[0]!;
        const { port2 } = new MessageChannel();
        target.postMessage({ cardveil: 1, type: 'init', frame_id: 'attackframe00000001', token: t, locale: 'en_US' }, '*', [
          port2,
        ]);
      }, token);
    await page.waitForTimeout(500);
    await expect(frame.locator('#root')).toHaveAttribute('data-state', 'loading');
    // The token was not spent by the forged init: the real parent's init works.
    await sendInit(page, token);
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
  });

  test('ignores an init for another frame id', async ({ page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    const frame = await bareParent(page, state.merchant.merchant_id);
    await sendInit(page, token, 'someotherframe0001');
    await page.waitForTimeout(500);
    await expect(frame.locator('#root')).toHaveAttribute('data-state', 'loading');
    await sendInit(page, token);
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
  });

  test('drops malformed messages without throwing, then completes the handshake', async ({ page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    const frame = await bareParent(page, state.merchant.merchant_id);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.evaluate((origin) => {
      const target = document.querySelector<HTMLIFrameElement>('#card')!.contentWindow!;
      const junk: unknown[] = [
        null,
        42,
        'init',
        'x'.repeat(1_000_000),
        [1, 2, 3],
        JSON.parse('{"__proto__":{"polluted":true},"cardveil":1,"type":"init"}'),
        { cardveil: 1, type: 'init', frame_id: 7, token: {}, locale: 'en_US' },
        { cardveil: 2, type: 'init', frame_id: 'attackframe00000001', token: 'cat_aaaaaaaaaaaaaaaa', locale: 'en_US' },
        { cardveil: 1, type: 'init', frame_id: 'attackframe00000001', token: 'cat_aaaaaaaaaaaaaaaa', locale: 'fr_FR' },
        { cardveil: 1, type: 'reveal' },
      ];
      for (const data of junk) target.postMessage(data, origin);
    }, DISPLAY_ORIGIN);
    await page.waitForTimeout(300);
    await expect(frame.locator('#root')).toHaveAttribute('data-state', 'loading');
    expect(
      await frame
        .locator('body')
        .evaluate(() => ({}) as Record<string, unknown>)
        .then((o) => o.polluted),
    ).toBeUndefined();
    await sendInit(page, token);
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('after the handshake, only the port speaks: window messages are ignored', async ({ page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    const frame = await bareParent(page, state.merchant.merchant_id);
    await sendInit(page, token);
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await page.evaluate((origin) => {
      document
        .querySelector<HTMLIFrameElement>('#card')!
        .contentWindow!.postMessage({ cardveil: 1, type: 'reveal', field: 'pan' }, origin);
    }, DISPLAY_ORIGIN);
    await page.waitForTimeout(300);
    await expect(frame.getByTestId('value-pan')).toHaveText('•••• •••• •••• 1111');
    await page.evaluate(() =>
      (window as unknown as { __port: MessagePort }).__port.postMessage({ cardveil: 1, type: 'reveal', field: 'pan' }),
    );
    await expect(frame.getByTestId('value-pan')).toHaveText('4111 1111 1111 1111');
  });

  test('the frame posts only hello on the window; everything else, valueless, on the port', async ({ page, state }) => {
    const token = await mintFor(state, 'physical', ['pan', 'cvv']);
    const frame = await bareParent(page, state.merchant.merchant_id);
    await sendInit(page, token);
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await frame.getByTestId('toggle-pan').click();
    await frame.getByTestId('toggle-cvv').click();
    await expect(frame.getByTestId('value-cvv')).toHaveText('947');
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __window: { type?: string }[]; __portMessages: unknown[] };
      return { window: w.__window, port: w.__portMessages };
    });
    expect(seen.window.map((m) => m.type)).toEqual(['hello']);
    const text = JSON.stringify(seen.port);
    expect(text).toContain('"type":"reveal"');
    expect(text).not.toContain('"length"');
    for (const secret of ['4111111111111111', '4111 1111 1111 1111', '4111', '947'])
      expect(holdsValue(text, secret), secret).toBe(false);
  });
});

test.describe('postMessage attacks on the SDK', () => {
  test('ignores a hello forged by the page itself and waits for the real frame', async ({ page, state }) => {
    await page.goto(`${MERCHANT_ORIGIN}/blank`);
    await page.addScriptTag({ url: `${DISPLAY_ORIGIN}/sdk/v1/cardveil.js` });
    const token = await mintFor(state, 'physical', ['pan']);
    await page.evaluate(
      ({ merchantId, token }) => {
        document.body.append(Object.assign(document.createElement('div'), { id: 'card' }));
        const w = window as unknown as { Cardveil: { mount: (t: string, o: object) => unknown }; __ready: boolean };
        w.Cardveil.mount('#card', { merchantId, clientAccessToken: token, onReady: () => (w.__ready = true) });
        const frameId = new URL(document.querySelector('iframe')!.src).searchParams.get('frame_id');
        window.postMessage({ cardveil: 1, type: 'hello', frame_id: frameId }, '*');
      },
      { merchantId: state.merchant.merchant_id, token },
    );
    await expect.poll(() => page.evaluate(() => (window as unknown as { __ready?: boolean }).__ready)).toBe(true);
  });
});
