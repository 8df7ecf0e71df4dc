import { describe, expect, it } from 'vitest';
import { CardveilError } from './errors.js';
import { MERCHANT_ID } from '../shared/api.js';
import { GRANTABLE_FIELDS } from '../shared/fields.js';
import { validateOptions } from './options.js';

const SCRIPT = 'https://display.example/sdk/v1/cardveil.js';
const TOKEN = 'cat_0123456789abcdefABCDEF';
const valid = { merchantId: 'mch_demo01', clientAccessToken: TOKEN };

/** Runs `fn` and returns the CardveilError it throws (failing the test if it doesn't). */
function refusal(fn: () => unknown): CardveilError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CardveilError);
    return error as CardveilError;
  }
  throw new Error('expected a CardveilError');
}

describe('validateOptions', () => {
  it('accepts a merchant id and a token, and fills in the documented defaults', () => {
    const s = validateOptions(valid, SCRIPT);
    expect(s).toMatchObject({
      merchantId: 'mch_demo01',
      clientAccessToken: TOKEN,
      locale: 'en_US',
      autoHideSeconds: 30,
      helloTimeoutMs: 15000,
      origin: 'https://display.example',
    });
    expect(s.fields).toBeUndefined();
  });

  it('takes fields: null as no list, which init leaves out (the frame drops an init whose fields is null)', () => {
    expect(validateOptions({ ...valid, fields: null } as never, SCRIPT).fields).toBeUndefined();
  });

  it('accepts getClientAccessToken in place of a token', () => {
    const getClientAccessToken = async () => TOKEN;
    expect(validateOptions({ merchantId: 'mch_demo01', getClientAccessToken }, SCRIPT).getClientAccessToken).toBe(
      getClientAccessToken,
    );
  });

  it('keeps every option it was given', () => {
    const onReady = () => {};
    const s = validateOptions(
      {
        ...valid,
        fields: ['pan', 'cvv'],
        locale: 'zh_CN',
        appearance: { theme: 'dark', radius: 8 },
        autoHideSeconds: 0,
        origin: 'http://127.0.0.1:8787',
        helloTimeoutMs: 500,
        onReady,
      },
      SCRIPT,
    );
    expect(s).toMatchObject({
      fields: ['pan', 'cvv'],
      locale: 'zh_CN',
      appearance: { theme: 'dark', radius: 8 },
      autoHideSeconds: 0,
      origin: 'http://127.0.0.1:8787',
      helloTimeoutMs: 500,
      onReady,
    });
  });

  it('reduces the display origin to scheme, host and port, so it compares exactly with MessageEvent.origin', () => {
    expect(validateOptions({ ...valid, origin: 'https://display.example:8443/some/path?q=1' }).origin).toBe(
      'https://display.example:8443',
    );
    expect(validateOptions({ ...valid, origin: 'HTTPS://Display.Example' }).origin).toBe('https://display.example');
  });

  it('prefers the origin option to the script’s own origin', () => {
    expect(validateOptions({ ...valid, origin: 'http://localhost:8787' }, SCRIPT).origin).toBe('http://localhost:8787');
  });

  it('works on its own copy, so the merchant changing its object later changes nothing', () => {
    const options = { ...valid, fields: ['pan'] };
    const s = validateOptions(options, SCRIPT);
    options.merchantId = 'mch_other';
    options.fields.push('bogus'); // the array itself, not only the property
    options.fields = ['cvv'];
    expect(s).toMatchObject({ merchantId: 'mch_demo01', fields: ['pan'] });
  });

  it('accepts exactly the merchant ids the server looks up (shared MERCHANT_ID)', () => {
    const ids = [
      'mch_demo01',
      `mch_${'a'.repeat(60)}`,
      `mch_${'a'.repeat(61)}`,
      'mch_',
      'mch_a-b_C9',
      'mch_a.b',
      'demo01',
      'MCH_demo',
    ];
    for (const merchantId of ids) {
      const accepted = (() => {
        try {
          validateOptions({ ...valid, merchantId }, SCRIPT);
          return true;
        } catch {
          return false;
        }
      })();
      expect([merchantId, accepted]).toEqual([merchantId, MERCHANT_ID.test(merchantId)]);
    }
  });

  // The frame checks it where it applies it (shared/appearance.ts, embed-host.ts).
  it.each([{ colorBackground: 'url(https://evil.example/x.png)' }, 'theme: dark', null])(
    'passes the appearance on as given, for the frame to check: %j',
    (appearance) => {
      expect(validateOptions({ ...valid, appearance }, SCRIPT).appearance).toEqual(appearance);
    },
  );

  it('keeps a copy of the appearance, and refuses one that cannot travel to the frame', () => {
    const appearance = { theme: 'dark' };
    const s = validateOptions({ ...valid, appearance }, SCRIPT);
    appearance.theme = 'light'; // a later change to the merchant's object reaches no frame
    expect(s.appearance).toEqual({ theme: 'dark' });
    expect(() => validateOptions({ ...valid, appearance: { theme: () => 'dark' } }, SCRIPT)).toThrow(
      expect.objectContaining({ code: 1004, reason: 'appearance: Invalid request parameter' }),
    );
  });

  // Each row: the option as given, and the option the error must name first.
  const bad: [string, unknown, string][] = [
    ['no options at all', undefined, 'options'],
    ['options that are not an object', 'mch_demo01', 'options'],
    ['a missing merchantId', { clientAccessToken: TOKEN }, 'merchantId'],
    ['a merchantId that is not a public mch_ id', { ...valid, merchantId: 'sk_live_secret' }, 'merchantId'],
    ['a merchantId with characters that do not belong in a URL', { ...valid, merchantId: 'mch_a&frame_id=x' }, 'merchantId'],
    [
      'a getClientAccessToken that is not a function',
      { merchantId: 'mch_demo01', getClientAccessToken: TOKEN },
      'getClientAccessToken',
    ],
    [
      'a getClientAccessToken that is not a function, beside a token',
      { ...valid, getClientAccessToken: {} },
      'getClientAccessToken',
    ],
    ['an empty fields list', { ...valid, fields: [] }, 'fields'],
    ['an unknown field', { ...valid, fields: ['pan', 'balance'] }, 'fields'],
    ['a field listed twice', { ...valid, fields: ['pan', 'pan'] }, 'fields'],
    ['fields that are not a list', { ...valid, fields: 'pan' }, 'fields'],
    ['an unknown locale', { ...valid, locale: 'fr_FR' }, 'locale'],
    ['a locale written the BCP 47 way', { ...valid, locale: 'zh-CN' }, 'locale'],
    ['autoHideSeconds over 600', { ...valid, autoHideSeconds: 601 }, 'autoHideSeconds'],
    ['negative autoHideSeconds', { ...valid, autoHideSeconds: -1 }, 'autoHideSeconds'],
    ['fractional autoHideSeconds', { ...valid, autoHideSeconds: 1.5 }, 'autoHideSeconds'],
    ['autoHideSeconds as a string', { ...valid, autoHideSeconds: '30' }, 'autoHideSeconds'],
    ['a helloTimeoutMs of zero', { ...valid, helloTimeoutMs: 0 }, 'helloTimeoutMs'],
    ['a helloTimeoutMs past what setTimeout can wait', { ...valid, helloTimeoutMs: Infinity }, 'helloTimeoutMs'],
    ['a helloTimeoutMs as a string', { ...valid, helloTimeoutMs: '500' }, 'helloTimeoutMs'],
    ['an origin that is not a URL', { ...valid, origin: 'display.example' }, 'origin'],
    ['an opaque origin such as data:', { ...valid, origin: 'data:text/html,hi' }, 'origin'],
    ['a javascript: origin', { ...valid, origin: 'javascript:alert(1)' }, 'origin'],
  ];

  // What each option expects is spelled out in README.md, not in the bundle (its 2.4 KB budget).
  it.each(bad)('refuses %s with a CardveilError 1004 that names the option', (_, options, name) => {
    const error = refusal(() => validateOptions(options, SCRIPT));
    expect(error.code).toBe(1004);
    expect(error.reason).toBe(`${name}: Invalid request parameter`);
    expect(error.message).toBe(`Cardveil 1004: ${name}: Invalid request parameter`);
    expect(error.name).toBe('CardveilError');
  });

  it('refuses to guess a display origin when the script’s own is unknown and none is given', () => {
    expect(refusal(() => validateOptions(valid, undefined)).reason).toMatch(/^origin: /);
  });
});

describe('the fields option', () => {
  it('may name every grantable field, transactions included', () => {
    expect(validateOptions({ ...valid, fields: [...GRANTABLE_FIELDS] }, SCRIPT).fields).toEqual(GRANTABLE_FIELDS);
  });
});
