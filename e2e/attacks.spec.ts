import type { FrameLocator, Page, Route } from '@playwright/test';
import { test, expect, mintFor, holdsValue, beyondShape, events } from './support/fixtures.js';
import {
  SESSIONS,
  relabelPinAsCard,
  renameSession,
  resend,
  spoilSealedPart,
  swapEnvelopes,
  tamperExchange,
} from './support/tamper.js';
import { DISPLAY_ORIGIN, MERCHANT_ORIGIN, STRANGER_ORIGIN } from './support/env.js';
import { auditedRevealsAndHides } from './support/admin.js';
import { sessionKey } from '../src/server/crypto/tokens.js';

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

/**
 * Posts init to the card frame from this page, the way the SDK does. Keeps port1 as
 * window[name] (window.__port by default) and what arrives on it in window[`${name}Messages`].
 */
async function sendInit(page: Page, token: string, frameId = FRAME_ID, name = '__port') {
  await page.evaluate(
    ({ token, frameId, origin, name }) => {
      const { port1, port2 } = new MessageChannel();
      const w = window as unknown as Record<string, unknown>;
      const messages: unknown[] = [];
      w[name] = port1;
      w[`${name}Messages`] = messages;
      port1.onmessage = (e) => messages.push(e.data);
      const frame = document.querySelector<HTMLIFrameElement>('#card')!;
      frame.contentWindow!.postMessage({ cardveil: 1, type: 'init', frame_id: frameId, token, locale: 'en_US' }, origin, [port2]);
    },
    { token, frameId, origin: DISPLAY_ORIGIN, name },
  );
}

/** The types of the messages that arrived on a port `sendInit` kept, in order. */
const portTypes = (page: Page, name = '__port') =>
  page.evaluate(
    (name) => ((window as unknown as Record<string, { type?: string }[]>)[`${name}Messages`] ?? []).map((m) => m?.type),
    name,
  );

/**
 * Listens, inside the card frame, to every window message reaching it. Added after the
 * frame's own listener (its handshake starts as the page is parsed, before it says hello),
 * it hears a message once the frame has judged it: a test waits for that, instead of a
 * fixed time, before asserting the message changed nothing. Returns a reader of what was
 * heard (the `type`, or the JavaScript type of a message that is no object) and of the
 * frame's uncaught errors since.
 */
async function listenInFrame(frame: FrameLocator) {
  await frame.locator('body').evaluate(() => {
    const w = window as unknown as { __heard: string[]; __errors: string[] };
    w.__heard = [];
    w.__errors = [];
    window.addEventListener('message', (e) => {
      const data: unknown = e.data;
      w.__heard.push(typeof data === 'object' && data !== null ? String((data as { type?: unknown }).type) : typeof data);
    });
    window.addEventListener('error', (e) => w.__errors.push(e.message));
    window.addEventListener('unhandledrejection', (e) => w.__errors.push(String(e.reason)));
  });
  return () =>
    frame.locator('body').evaluate(() => {
      const w = window as unknown as { __heard: string[]; __errors: string[] };
      return { heard: [...w.__heard], errors: [...w.__errors] };
    });
}

test.describe('postMessage attacks on the frame', () => {
  test('ignores an init from a sibling frame of another origin, then serves the real parent', async ({ page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    const frame = await bareParent(page, state.merchant.merchant_id, true);
    const inFrame = await listenInFrame(frame);
    const sibling = page.frameLocator('#sibling').locator('body');
    // The hostile sibling finds the card frame through the parent and offers it a token,
    // keeping the other end of the port to hear whatever the frame would say.
    await sibling.evaluate((_b, t) => {
      const target = window.parent.frames[0]!;
      const { port1, port2 } = new MessageChannel();
      const w = window as unknown as { __port: MessagePort; __portMessages: unknown[] };
      w.__port = port1;
      w.__portMessages = [];
      port1.onmessage = (e) => w.__portMessages.push(e.data);
      target.postMessage({ cardveil: 1, type: 'init', frame_id: 'attackframe00000001', token: t, locale: 'en_US' }, '*', [port2]);
    }, token);
    // the frame has judged it, and still waits for its parent
    await expect.poll(async () => (await inFrame()).heard).toContain('init');
    await expect(frame.locator('#root')).toHaveAttribute('data-state', 'loading');
    // The token was not spent by the forged init: the real parent's init works, and the
    // frame speaks on the real parent's port only.
    await sendInit(page, token);
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect.poll(() => portTypes(page)).toContain('ready');
    expect(await sibling.evaluate(() => (window as unknown as { __portMessages: unknown[] }).__portMessages)).toEqual([]);
  });

  test('ignores an init for another frame id: its port never hears a word', async ({ page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    const frame = await bareParent(page, state.merchant.merchant_id);
    const inFrame = await listenInFrame(frame);
    await sendInit(page, token, 'someotherframe0001', '__strayPort');
    await expect.poll(async () => (await inFrame()).heard).toContain('init');
    await expect(frame.locator('#root')).toHaveAttribute('data-state', 'loading');
    await sendInit(page, token);
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    // Had the frame taken the first init, it would have answered on that port, and dropped
    // this one (it listens on the window until it takes one): `ready` came on the real port.
    await expect.poll(() => portTypes(page)).toContain('ready');
    expect(await portTypes(page, '__strayPort')).toEqual([]);
  });

  test('drops malformed messages without throwing, then completes the handshake', async ({ page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    const frame = await bareParent(page, state.merchant.merchant_id);
    const inFrame = await listenInFrame(frame);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const sent = await page.evaluate((origin) => {
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
      return junk.length;
    }, DISPLAY_ORIGIN);
    // every message has reached the frame and been judged
    await expect.poll(async () => (await inFrame()).heard.length).toBe(sent);
    await expect(frame.locator('#root')).toHaveAttribute('data-state', 'loading');
    // nothing leaked onto Object.prototype in the frame's realm
    const clean = await frame
      .locator('body')
      .evaluate(() => (({}) as Record<string, unknown>).polluted === undefined && !('polluted' in Object.prototype));
    expect(clean).toBe(true);
    await sendInit(page, token);
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    expect((await inFrame()).errors).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('after the handshake, only the port speaks: window messages are ignored', async ({ page, state }) => {
    const token = await mintFor(state, 'physical', ['pan']);
    const frame = await bareParent(page, state.merchant.merchant_id);
    await sendInit(page, token);
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    const inFrame = await listenInFrame(frame);
    await page.evaluate((origin) => {
      document
        .querySelector<HTMLIFrameElement>('#card')!
        .contentWindow!.postMessage({ cardveil: 1, type: 'reveal', field: 'pan' }, origin);
    }, DISPLAY_ORIGIN);
    await expect.poll(async () => (await inFrame()).heard).toContain('reveal');
    // An update on the port, sent once the window's reveal had arrived, is taken: whatever
    // that reveal had done would show by now, and it did nothing.
    await page.evaluate(() =>
      (window as unknown as { __port: MessagePort }).__port.postMessage({
        cardveil: 1,
        type: 'update',
        appearance: { theme: 'dark' },
      }),
    );
    await expect(frame.locator('#root')).toHaveAttribute('data-theme', 'dark');
    await expect(frame.getByTestId('value-pan')).toHaveText('•••• •••• •••• 1111');
    expect(await portTypes(page)).not.toContain('reveal');
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
    expect(beyondShape(seen.port)).toEqual([]);
    for (const secret of ['4111111111111111', '4111 1111 1111 1111', '4111', '947'])
      expect(holdsValue(text, secret), secret).toBe(false);
  });
});

// The frame's exchange request, captured and sent again from outside a browser frame: checks
// 1 and 2 of DESIGN §5 refuse it before the token is touched, so the page it was minted for
// can still show the card with it. (Check 3's 1005 is frame-resilience.spec.ts's: the frame
// tries again on the server's clock, with the same token.)
test.describe('an exchange request sent from outside the frame', () => {
  for (const [name, code, send] of [
    [
      'with no Fetch Metadata, as a script or tool sends it',
      1018,
      (route: Route) => route.fetch({ headers: route.request().headers() }),
    ],
    ['under another Origin', 1016, (route: Route) => resend(route, { origin: 'http://localhost:4870' })],
  ] as const) {
    test(`is refused ${name} (${code}), and spends no token`, async ({ openMerchantPage, page, state }) => {
      const token = await mintFor(state, 'physical', ['pan']);
      await page.context().route(SESSIONS, async (route) => route.fulfill({ response: await send(route) }), { times: 1 });
      const refused = await openMerchantPage({ token });
      await expect(refused.locator(`#root[data-state="error"][data-error-code="${code}"]`)).toBeVisible();
      const frame = await openMerchantPage({ token });
      await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    });
  }
});

// A proxy between the frame and the server rewrites the exchange's answer. The frame opens
// nothing it cannot authenticate: 4019, no value in the DOM, no reveal event.
test.describe('a tampered exchange answer', () => {
  for (const [name, edit, atReveal] of [
    ['the card envelope’s ciphertext flipped', spoilSealedPart('ct'), true],
    ['the card envelope’s tag flipped', spoilSealedPart('tag'), true],
    ['the card envelope’s IV flipped', spoilSealedPart('iv'), true],
    ['the PIN’s envelope relabelled as the card’s', relabelPinAsCard, true],
    ['the card and PIN envelopes swapped', swapEnvelopes, false],
    ['another session id on the envelopes', renameSession, false],
  ] as const) {
    test(`is refused: ${name}`, async ({ openMerchantPage, page, state }) => {
      // the session as the server opened it, before the edit: its audit trail is this test's alone
      const sessions: string[] = [];
      await tamperExchange(page.context(), (data) => {
        sessions.push(sessionKey(data.session_id));
        edit(data);
      });
      const frame = await openMerchantPage({ fields: ['pan', 'pin'] });
      if (atReveal) {
        await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
        await frame.getByTestId('toggle-pan').click();
      }
      await expect(frame.locator('#root[data-state="error"][data-error-code="4019"]')).toBeVisible();
      await expect(frame.getByTestId('value-pan')).toHaveCount(0);
      expect((await events(page)).map((e) => e.type)).not.toContain('reveal');
      // the server's audit log too: a frame that took the answer for good would report its reveal
      expect(sessions).toHaveLength(1);
      expect(auditedRevealsAndHides(state, sessions[0])).toEqual([]);
    });
  }
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

  test('markup that shadows document.currentScript cannot choose where the token goes', async ({ page, state }) => {
    // An HTML injection on the merchant's page, no script needed: named elements override
    // the document's own properties, so this <img> is what document.currentScript returns
    // while the SDK evaluates. Taken as the default display origin, it would receive init.
    await page.goto(`${MERCHANT_ORIGIN}/blank`);
    await page.evaluate((evil) => {
      document.body.append(Object.assign(document.createElement('img'), { name: 'currentScript', src: `${evil}/x.js` }));
    }, STRANGER_ORIGIN);
    await page.addScriptTag({ url: `${DISPLAY_ORIGIN}/sdk/v1/cardveil.js` });
    const token = await mintFor(state, 'physical', ['pan']);
    const outcome = await page.evaluate(
      ({ merchantId, token }) => {
        document.body.append(Object.assign(document.createElement('div'), { id: 'card' }));
        const w = window as unknown as { Cardveil: { mount: (t: string, o: object) => unknown } };
        try {
          w.Cardveil.mount('#card', { merchantId, clientAccessToken: token });
          return { frames: [...document.querySelectorAll('iframe')].map((f) => f.src) };
        } catch (e) {
          const { code, reason } = e as { code: number; reason: string };
          return { code, reason, frames: [...document.querySelectorAll('iframe')].map((f) => f.src) };
        }
      },
      { merchantId: state.merchant.merchant_id, token },
    );
    // refused at mount: without a script element to read, the origin must be given
    expect(outcome).toEqual({ code: 1004, reason: 'origin: Invalid request parameter', frames: [] });
  });
});
