import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, SHOP, type Harness } from '../testing/harness.js';
import { DISPLAY_ROUTES } from '../../shared/api.js';
import { updateMerchant } from '../admin/commands.js';
import { COPY_MERCHANT } from '../../shared/state-copy.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const check = (locale: string) =>
  h.app.inject({
    method: 'GET',
    url: `${DISPLAY_ROUTES.embedCheck}?merchant_id=${h.merchant.merchant_id}&locale=${locale}`,
    headers: { Origin: SHOP },
  });

describe('GET embed-check for a frozen merchant', () => {
  it('answers 1022 in the asked language, to a whitelisted page too, with the merchant copy', async () => {
    expect((await check('en_US')).json().code).toBe(0);
    await updateMerchant(h.stores, h.merchant.merchant_id, { status: 'frozen' });
    // the msg texts are error-codes.md's
    const zh = (await check('zh_CN')).json();
    expect(zh).toMatchObject({ code: 1022, msg: '商户状态异常，请联系管理员' });
    expect((await check('en_US')).json()).toMatchObject({
      code: 1022,
      msg: 'Merchant status is abnormal, please contact administrator',
    });
    expect(zh.data.allowed).toBeUndefined();
    // the merchant's own state, as for an unknown merchant: nothing the cardholder can fix
    expect(zh.data.copy).toEqual({ 1022: COPY_MERCHANT.text });
    expect(zh.data.code_label).toEqual({ en_US: 'Error code ', zh_CN: '错误代码 ' });
  });
});
