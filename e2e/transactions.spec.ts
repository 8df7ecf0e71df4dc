import { mkdirSync } from 'node:fs';
import type { FrameLocator, Page } from '@playwright/test';
import { test, expect, events, mints } from './support/fixtures.js';
import { E2E_TRANSACTIONS, PAGED_TRANSACTIONS, seedTransactions } from './support/seed-transactions.js';
import { admin } from './support/admin.js';
import { e2eEnv } from './support/env.js';
import { DISPLAY_ROUTES, TRANSACTIONS_PAGE_SIZE } from '../src/shared/api.js';
import { resend } from './support/tamper.js';

/**
 * The optional transactions panel (issue 8) on the e2e merchant's physical card, whose
 * activity global setup recorded through `txn:create`. Each state is reached for real
 * against the server (the frame sends a custom range as entered, so 1019 and 1020 are
 * the server's answers) and saved next to the frame states as
 * e2e/__screenshots__/<transactions|1019|1020|4009>-<locale>.png.
 */
const SHOTS = 'e2e/__screenshots__';
mkdirSync(SHOTS, { recursive: true });

const FIELDS = ['pan', 'expiry', 'cvv', 'pin', 'transactions'] as const;
const TRANSACTIONS = '**/api/v1/pci/display/transactions';
const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** A local date as `<input type="date">` takes it; the browser runs in this machine's zone. */
const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const daysAgo = (n: number) => day(new Date(Date.now() - n * DAY));

async function shoot(page: Page, name: string) {
  await page.locator('#card').screenshot({ path: `${SHOTS}/${name}.png`, animations: 'disabled' });
}

async function customRange(frame: FrameLocator, from: string, to: string) {
  await frame.getByTestId('range-custom').click();
  await frame.getByTestId('range-start').fill(from);
  await frame.getByTestId('range-end').fill(to);
  await frame.getByTestId('range-apply').click();
}

async function expectPanelError(frame: FrameLocator, code: number, title: string) {
  const panel = frame.getByTestId('transactions');
  await expect(panel).toHaveAttribute('data-state', 'error');
  await expect(panel).toHaveAttribute('data-error-code', String(code));
  await expect(panel).toContainText(title);
  await expect(panel).toContainText(String(code));
  await expect(frame.getByTestId('txn-row')).toHaveCount(0);
  // The panel's trouble is the panel's: the card stays ready.
  await expect(frame.locator('#root')).toHaveAttribute('data-state', 'ready');
}

const COPY = {
  en_US: {
    title: 'Recent transactions',
    coffee: ['Blue Bottle Coffee', '$5.75', 'Completed'],
    refund: ['Le Comptoir', '+€38.50', 'Refunded'],
    1019: 'Check the dates',
    // a range of one day is allowed: only an end day before the start day is refused
    detail1019: 'The end date can’t be before the start date.',
    1020: 'Choose a shorter range',
    4009: 'No transactions',
    1001: ['Transactions didn’t load', 'We couldn’t load your transactions. Please try again.', 'Try again'],
  },
  zh_CN: {
    title: '近期交易',
    coffee: ['Blue Bottle Coffee', 'US$5.75', '已完成'],
    refund: ['Le Comptoir', '+€38.50', '已退款'],
    1019: '请检查日期',
    detail1019: '结束日期不能早于开始日期。',
    1020: '请缩短日期范围',
    4009: '暂无交易',
    1001: ['交易记录未能加载', '暂时无法加载交易记录，请重试。', '重试'],
  },
} as const;

for (const locale of ['en_US', 'zh_CN'] as const) {
  const copy = COPY[locale];

  test.describe(`the transactions panel in ${locale}`, () => {
    test('lists the seeded transactions of a range, newest first, sized to fit', async ({ openMerchantPage, page }) => {
      const frame = await openMerchantPage({ locale, fields: [...FIELDS] });
      const panel = frame.getByTestId('transactions');
      await expect(panel).toHaveAttribute('data-state', 'ready');
      await expect(panel.getByRole('heading')).toHaveText(copy.title);
      // 30 days by default: every seeded row but the 45-day-old one.
      const in30 = E2E_TRANSACTIONS.filter((t) => t.daysAgo <= 30);
      await expect(frame.getByTestId('txn-row')).toHaveCount(in30.length);
      await expect(frame.getByTestId('range-30d')).toHaveAttribute('aria-pressed', 'true');
      const first = frame.getByTestId('txn-row').first();
      for (const text of copy.coffee) await expect(first).toContainText(text);
      const refund = frame.getByTestId('txn-row').nth(2);
      for (const text of copy.refund) await expect(refund).toContainText(text);
      await expect(frame.getByTestId('load-more')).toHaveCount(0);

      // From the keyboard: the presets are plain buttons.
      await frame.getByTestId('range-7d').focus();
      await page.keyboard.press('Enter');
      await expect(frame.getByTestId('range-7d')).toHaveAttribute('aria-pressed', 'true');
      await expect(frame.getByTestId('txn-row')).toHaveCount(E2E_TRANSACTIONS.filter((t) => t.daysAgo <= 6).length);
      await expect(frame.getByTestId('txn-row').first()).toContainText('Blue Bottle Coffee');

      // The iframe follows the panel's height: the merchant page never shows a scrollbar.
      const rootHeight = () => frame.locator('#root').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
      await expect
        .poll(async () => Math.abs((await page.locator('#card iframe').evaluate((el) => el.clientHeight)) - (await rootHeight())))
        .toBeLessThanOrEqual(1);
      await shoot(page, `transactions-${locale}`);

      // The parent page learns nothing of the rows.
      const seen = JSON.stringify(await events(page));
      expect(seen).not.toContain('Blue Bottle');
    });

    test('"Load more" brings the next page, then hands focus to its first row and says how many came', async ({
      openMerchantPage,
      page,
    }) => {
      const frame = await openMerchantPage({ locale, card: 'virtual', fields: ['pan', 'transactions'] });
      await expect(frame.getByTestId('txn-row')).toHaveCount(TRANSACTIONS_PAGE_SIZE);
      const more = frame.getByTestId('load-more');
      await more.focus();
      await page.keyboard.press('Enter');
      await expect(frame.getByTestId('txn-row')).toHaveCount(PAGED_TRANSACTIONS.length);
      // the last page came: the button is gone, and focus is on what it brought, not lost
      await expect(more).toHaveCount(0);
      const last = frame.getByTestId('txn-row').nth(TRANSACTIONS_PAGE_SIZE);
      await expect(last).toBeFocused();
      await expect(last).toContainText(PAGED_TRANSACTIONS.at(-1)!.merchant);
      await expect(frame.getByTestId('transactions').getByRole('status')).toHaveText(
        locale === 'zh_CN' ? '又加载了 1 笔交易' : '1 more transaction',
      );
    });

    test('a first page lost on the way is asked again from the keyboard, the focus kept in the panel', async ({
      openMerchantPage,
      page,
    }) => {
      // the network drops the panel's first two requests, then carries them to the server again
      let lost = 0;
      await page.context().route(TRANSACTIONS, (route) => (lost++ < 2 ? route.abort('connectionfailed') : route.continue()));
      const frame = await openMerchantPage({ locale, fields: [...FIELDS] });
      const panel = frame.getByTestId('transactions');
      await expect(panel).toHaveAttribute('data-error-code', '1001');
      const retry = frame.getByTestId('txn-retry');
      await retry.focus();
      await page.keyboard.press('Enter');
      // lost again: the same button, the focus still on it
      await expect.poll(() => lost).toBe(2);
      await expect(panel).toHaveAttribute('data-state', 'error');
      await expect(retry).toBeFocused();
      await page.keyboard.press('Enter');
      // answered: the focus goes to the first row that came, not to the top of the frame
      await expect(panel).toHaveAttribute('data-state', 'ready');
      await expect(frame.getByTestId('txn-row').first()).toBeFocused();
      await expect(frame.getByTestId('txn-row').first()).toContainText(copy.coffee[0]);
      // the same range chosen again is asked for again, and is no retry: no busy Retry shows
      await page.context().unroute(TRANSACTIONS);
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.context().route(TRANSACTIONS, async (route) => held.then(() => route.continue()));
      await frame.getByTestId('range-30d').click();
      await expect(panel).toHaveAttribute('aria-busy', 'true');
      // counted once, while the answer is held (an expect would wait for the count to come right)
      expect(await frame.getByTestId('txn-retry').count()).toBe(0);
      release();
      await expect(panel).toHaveAttribute('aria-busy', 'false');
    });

    test('1001 from a broken answer is about the transactions, under a card that loaded', async ({ openMerchantPage, page }) => {
      // a proxy's error page in place of the server's answer, once
      let broken = 0;
      await page
        .context()
        .route(TRANSACTIONS, (route) =>
          broken++ < 1
            ? route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' })
            : route.continue(),
        );
      const frame = await openMerchantPage({ locale, fields: [...FIELDS] });
      const [title, detail, retry] = copy[1001];
      await expectPanelError(frame, 1001, title);
      await expect(frame.getByTestId('transactions')).toContainText(detail);
      await expect(frame.getByTestId('txn-retry')).toHaveText(retry);
      await frame.getByTestId('txn-retry').click();
      await expect(frame.getByTestId('txn-row').first()).toContainText(copy.coffee[0]);
    });

    test('1019 when the custom range ends before it starts', async ({ openMerchantPage, page }) => {
      const frame = await openMerchantPage({ locale, fields: [...FIELDS] });
      await expect(frame.getByTestId('transactions')).toHaveAttribute('data-state', 'ready');
      await customRange(frame, daysAgo(3), daysAgo(10));
      await expectPanelError(frame, 1019, copy[1019]);
      await expect(frame.getByTestId('transactions')).toContainText(copy.detail1019);
      // the dates are what was refused: the fields say so, and point at why
      for (const id of ['range-start', 'range-end']) {
        await expect(frame.getByTestId(id)).toHaveAttribute('aria-invalid', 'true');
        await expect(frame.getByTestId(id)).toHaveAccessibleDescription(new RegExp(copy[1019]));
      }
      await expect.poll(async () => (await events(page)).find((e) => e.type === 'error')?.detail).toMatchObject({ code: 1019 });
      await shoot(page, `1019-${locale}`);
    });

    test('1020 when the custom range spans 120 days', async ({ openMerchantPage, page }) => {
      const frame = await openMerchantPage({ locale, fields: [...FIELDS] });
      await expect(frame.getByTestId('transactions')).toHaveAttribute('data-state', 'ready');
      await customRange(frame, daysAgo(119), daysAgo(0));
      await expectPanelError(frame, 1020, copy[1020]);
      // the dates are what was refused, as for 1019
      for (const id of ['range-start', 'range-end']) await expect(frame.getByTestId(id)).toHaveAttribute('aria-invalid', 'true');
      await shoot(page, `1020-${locale}`);
    });

    test('4009 when the range holds no transaction', async ({ openMerchantPage, page }) => {
      const frame = await openMerchantPage({ locale, fields: [...FIELDS] });
      await expect(frame.getByTestId('transactions')).toHaveAttribute('data-state', 'ready');
      await customRange(frame, '2020-01-01', '2020-01-31');
      await expectPanelError(frame, 4009, copy[4009]);
      // A preset afterwards brings the list back.
      await frame.getByTestId('range-30d').click();
      await expect(frame.getByTestId('transactions')).toHaveAttribute('data-state', 'ready');
      await customRange(frame, '2020-01-01', '2020-01-31');
      await expectPanelError(frame, 4009, copy[4009]);
      await shoot(page, `4009-${locale}`);
    });
  });
}

test('"Load more" lost on the way hands the focus to its retry, which brings the page', async ({ openMerchantPage, page }) => {
  // the network drops the first request for a next page (one that carries a cursor)
  let lost = 0;
  await page
    .context()
    .route(TRANSACTIONS, (route) =>
      route.request().postData()?.includes('"cursor"') && lost++ < 1 ? route.abort('connectionfailed') : route.continue(),
    );
  const frame = await openMerchantPage({ card: 'virtual', fields: ['pan', 'transactions'] });
  await expect(frame.getByTestId('txn-row')).toHaveCount(TRANSACTIONS_PAGE_SIZE);
  await frame.getByTestId('load-more').focus();
  await page.keyboard.press('Enter');
  await expect(frame.getByTestId('transactions')).toHaveAttribute('data-error-code', '1001');
  // the button went with the focus on it: its retry, in its place, has the focus
  await expect(frame.getByTestId('load-more')).toHaveCount(0);
  await expect(frame.getByTestId('txn-retry')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(frame.getByTestId('txn-row')).toHaveCount(PAGED_TRANSACTIONS.length);
  await expect(frame.getByTestId('txn-row').nth(TRANSACTIONS_PAGE_SIZE)).toBeFocused();
});

test('a slow "Load more" leaves the focus where the cardholder took it meanwhile', async ({ openMerchantPage, page }) => {
  // the next page (a request with a cursor) is held until the focus has moved on
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page
    .context()
    .route(TRANSACTIONS, async (route) =>
      route.request().postData()?.includes('"cursor"') ? held.then(() => route.continue()) : route.continue(),
    );
  const frame = await openMerchantPage({ card: 'virtual', fields: ['pan', 'transactions'] });
  await expect(frame.getByTestId('txn-row')).toHaveCount(TRANSACTIONS_PAGE_SIZE);
  await frame.getByTestId('load-more').focus();
  await page.keyboard.press('Enter');
  await expect(frame.getByTestId('load-more')).toHaveAttribute('aria-disabled', 'true');
  await frame.getByTestId('toggle-pan').focus();
  release();
  await expect(frame.getByTestId('txn-row')).toHaveCount(PAGED_TRANSACTIONS.length);
  await expect(frame.getByTestId('toggle-pan')).toBeFocused();
});

test('a session the server no longer knows ends the view: expired, Reload, no silent refresh', async ({
  openMerchantPage,
  page,
}) => {
  const frame = await openMerchantPage({ fields: [...FIELDS] });
  await expect(frame.getByTestId('transactions')).toHaveAttribute('data-state', 'ready');
  await frame.getByTestId('toggle-pan').click();
  await expect(frame.getByTestId('value-pan')).not.toContainText('•');
  // from now on the panel's requests reach the server for a session it does not hold (a store that lost it)
  await page.context().route(TRANSACTIONS, async (route) => {
    const body = { ...JSON.parse(route.request().postData()!), session_id: 'ses_forgotten000000' };
    await route.fulfill({ response: await resend(route, {}, JSON.stringify(body)) });
  });
  await frame.getByTestId('range-7d').click();
  await expect(frame.locator('#root[data-state="expired"]')).toBeVisible();
  await expect(frame.getByTestId('value-pan')).toHaveCount(0);
  await expect(frame.getByTestId('retry')).toHaveText('Reload');
  await expect.poll(async () => (await events(page)).some((e) => e.type === 'expired')).toBe(true);
  // the parent was not told 1014, so it fetched no second token and mounted no fresh frame
  expect((await events(page)).filter((e) => e.type === 'error')).toEqual([]);
  expect((await events(page)).filter((e) => e.type === 'ready')).toHaveLength(1);
  expect(await mints(page)).toBe(1);
  await expect(page.locator('iframe')).toHaveCount(1);
});

test('no panel without the transactions grant', async ({ openMerchantPage }) => {
  const frame = await openMerchantPage();
  await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
  await expect(frame.getByTestId('transactions')).toHaveCount(0);
});

/** The transactions requests the page's frames send from now on. */
function transactionRequests(page: Page): { start_time: string; end_time: string }[] {
  const sent: { start_time: string; end_time: string }[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === DISPLAY_ROUTES.transactions) sent.push(JSON.parse(request.postData()!));
  });
  return sent;
}

test('a year typed short is stopped by the form, with nothing sent', async ({ openMerchantPage, page }) => {
  const frame = await openMerchantPage({ fields: [...FIELDS] });
  await expect(frame.getByTestId('transactions')).toHaveAttribute('data-state', 'ready');
  const sent = transactionRequests(page);
  await customRange(frame, '0025-03-01', daysAgo(0)); // "25" typed for the year
  await expect(frame.getByTestId('range-start')).toHaveJSProperty('validity.rangeUnderflow', true);
  await expect(frame.getByTestId('transactions')).toHaveAttribute('data-state', 'ready');
  // a range asked for after it: the only request, so the short year's went nowhere
  await frame.getByTestId('range-7d').click();
  await expect.poll(() => sent.length).toBe(1);
  expect(sent[0]!.start_time).toBe(`${daysAgo(6)}T00:00:00${sent[0]!.start_time.slice(19)}`);
});

test('the range shown, chosen again, is asked for again: a purchase made since shows', async ({
  openMerchantPage,
  page,
  state,
}) => {
  // a card of its own: the purchase added below must not reach other specs' lists
  const env = e2eEnv(state.dataDir);
  const cardId = admin(env, [
    'card:create',
    '--merchant',
    state.merchant.merchant_id,
    '--type',
    'virtual',
    '--pan',
    '5555555555554444',
    '--cvv',
    '271',
    '--expiry',
    '08/32',
  ]).card_id!;
  await seedTransactions(env, cardId, [E2E_TRANSACTIONS[0]]);
  const frame = await openMerchantPage({ cardId, fields: ['pan', 'transactions'] });
  await frame.getByTestId('range-30d').click();
  await expect(frame.getByTestId('txn-row')).toHaveCount(1);
  const made = { daysAgo: 0, merchant: 'Late Night Ramen', amount: '12.40', currency: 'USD', status: 'completed' };
  await seedTransactions(env, cardId, [made]);
  const sent = transactionRequests(page);
  await frame.getByTestId('range-30d').click();
  await expect(frame.getByTestId('txn-row')).toHaveCount(2);
  await expect(frame.getByTestId('txn-row').first()).toContainText(made.merchant);
  expect(sent).toHaveLength(1);
});

// The frame works on a phone whose clock is far off (the exchange corrects it from the
// server's Date): its "last 30 days" are the server's, not the phone's.
test('"the last 30 days" on a phone whose clock is 200 days slow are the server’s', async ({ openMerchantPage, page }) => {
  await page.clock.install({ time: Date.now() - 200 * DAY });
  const frame = await openMerchantPage({ fields: [...FIELDS] });
  await expect(frame.getByTestId('transactions')).toHaveAttribute('data-state', 'ready');
  await expect(frame.getByTestId('txn-row')).toHaveCount(E2E_TRANSACTIONS.filter((t) => t.daysAgo <= 30).length);
});
