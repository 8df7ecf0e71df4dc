import { test, expect } from './support/fixtures.js';
import { DEMO_ORIGIN } from './support/env.js';
import { stateCopyFor } from '../src/shared/state-copy.js';

test.describe('the demo merchant', () => {
  test('opened at localhost, another origin than its whitelisted 127.0.0.1, is refused: 1015 in the container', async ({
    page,
  }) => {
    await page.goto(DEMO_ORIGIN.replace('127.0.0.1', 'localhost'));
    const refusal = page.locator('#card [role="alert"][data-error-code="1015"]');
    await expect(refusal).toBeVisible();
    await expect(refusal).toContainText(stateCopyFor(1015).text.en_US.title);
    // the page's onError heard it, with the reason a developer reads (its log shows each event)
    const errors = page.locator('#log [data-event="error"]');
    await expect(errors.filter({ hasText: '"code":1015' })).toHaveCount(1);
    await expect(errors.filter({ hasText: '"reason":"origin_not_allowed"' })).toHaveCount(1);
  });

  test('shows the seeded physical card and reveals number, expiry, CVV and PIN', async ({ page }) => {
    await page.goto(DEMO_ORIGIN);
    const frame = page.frameLocator('#card iframe');
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    const expected = { pan: '4000 0566 5566 5556', expiry: '03/30', cvv: '737', pin: '384951' };
    for (const [field, value] of Object.entries(expected)) {
      await frame.getByTestId(`toggle-${field}`).click();
      await expect(frame.getByTestId(`value-${field}`)).toHaveText(value);
    }
    await expect(page.locator('#log [data-event="reveal"]')).toHaveCount(4);
  });

  test('opens the hosted view in a phone window its page script never reads the URL of', async ({ page }) => {
    await page.goto(DEMO_ORIGIN);
    await expect(page.frameLocator('#card iframe').locator('#root[data-state="ready"]')).toBeVisible();
    // what the page's own scripts could see of the mint: nothing with a hosted URL in it
    const answers: string[] = [];
    page.on('response', async (r) => r.request().resourceType() === 'fetch' && answers.push(await r.text()));
    const [phone] = await Promise.all([page.waitForEvent('popup'), page.locator('#hosted').click()]);
    await expect(phone.locator('#root[data-state="ready"]')).toBeVisible();
    expect(phone.url()).toMatch(/\/hosted(\?locale=en_US)?$/);
    await phone.getByTestId('toggle-pan').click();
    await expect(phone.getByTestId('value-pan')).toHaveText('4000 0566 5566 5556');
    expect(answers.join()).not.toContain('hosted');
  });

  test('switches to Chinese live, without a new exchange, and still reveals', async ({ page }) => {
    await page.goto(DEMO_ORIGIN);
    const frame = page.frameLocator('#card iframe');
    await expect(frame.locator('#root[data-state="ready"]')).toBeVisible();
    await expect(page.locator('select[name=card] option')).toHaveText([
      'Visa · physical ·· 5556',
      'Mastercard · virtual ·· 4444',
    ]);
    await page.selectOption('select[name=locale]', 'zh_CN');
    await expect(page.locator('h1')).toHaveText('查看您的卡片');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('select[name=card] option')).toHaveText(['Visa · 实体卡 ·· 5556', 'Mastercard · 虚拟卡 ·· 4444']);
    await expect(frame.getByRole('button', { name: '显示卡号' })).toBeVisible();
    await frame.getByRole('button', { name: '显示 PIN' }).click();
    await expect(frame.getByTestId('value-pin')).toHaveText('384951');
    await expect(page.locator('#log [data-event="ready"]')).toHaveCount(1);
  });

  test('says why nothing shows when no field is ticked, under a CSP without inline styles', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
    await page.goto(DEMO_ORIGIN);
    await expect(page.frameLocator('#card iframe').locator('#root[data-state="ready"]')).toBeVisible();
    for (const box of await page.locator('input[name=fields]').all()) await box.uncheck();
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('#log [data-event="error"]')).toContainText('"code":1004');
    await expect(page.locator('#log [data-event="error"]')).toContainText('fields');
    await expect(page.locator('#card iframe')).toHaveCount(0);
    expect(violations).toEqual([]);
  });
});
