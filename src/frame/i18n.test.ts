import { describe, expect, it } from 'vitest';
import { CARD_FIELDS } from '../shared/fields.js';
import { LOCALES } from '../shared/locale.js';
import { MESSAGES, brandName } from './i18n.js';

/** Every leaf string, functions called with a sample argument, keyed by its path. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') return [[`${path}()`, String((value as (a: string) => unknown)('X1'))]];
  return Object.entries(value as object).flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key));
}

describe('frame UI strings', () => {
  it.each(LOCALES)('has every string non-empty in %s', (locale) => {
    for (const [path, text] of leaves(MESSAGES[locale])) {
      expect(text.trim(), `${locale}: ${path}`).not.toBe('');
    }
  });

  it('has the same keys in both languages', () => {
    const keys = (locale: (typeof LOCALES)[number]) => leaves(MESSAGES[locale]).map(([path]) => path);
    expect(keys('zh_CN')).toEqual(keys('en_US'));
  });

  it('puts the argument into every templated string', () => {
    for (const locale of LOCALES) {
      for (const [path, text] of leaves(MESSAGES[locale]).filter(([p]) => p.endsWith('()'))) {
        expect(text, `${locale}: ${path}`).toContain('X1');
      }
    }
  });

  it('names the reveal and copy buttons as the contract says', () => {
    const en = MESSAGES.en_US;
    const zh = MESSAGES.zh_CN;
    expect(en.show(en.noun.pan)).toBe('Show card number');
    expect(en.hide(en.noun.pan)).toBe('Hide card number');
    expect(zh.show(zh.noun.pan)).toBe('显示卡号');
    expect(zh.hide(zh.noun.pan)).toBe('隐藏卡号');
    expect(zh.show(zh.noun.pin)).toBe('显示 PIN');
    expect(zh.shown(zh.label.pin)).toBe('PIN 已显示');
    expect(en.copied).toBe('Copied');
    expect(zh.copied).toBe('已复制');
    expect(en.errorCode(1014)).toBe('Error code 1014');
    expect(zh.errorCode(1014)).toBe('错误代码 1014');
    expect(CARD_FIELDS.map((f) => en.label[f])).toEqual(['Card number', 'Expiry', 'CVV', 'PIN']);
    expect(CARD_FIELDS.map((f) => zh.label[f])).toEqual(['卡号', '有效期', '安全码', 'PIN']);
  });

  it('names known brands and passes others through', () => {
    expect(brandName(MESSAGES.zh_CN, 'unionpay')).toBe('银联');
    expect(brandName(MESSAGES.en_US, 'Visa')).toBe('Visa');
    expect(brandName(MESSAGES.en_US, 'elo')).toBe('elo');
  });
});
