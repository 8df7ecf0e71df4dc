import { describe, expect, it } from 'vitest';
import * as copy from './state-copy.js';
import { LOCALES } from './locale.js';

const entries = Object.entries(copy).filter(([name]) => name.startsWith('COPY_')) as [
  string,
  { action: copy.StateAction; text: Record<string, copy.StateCopy> },
][];

describe('the cardholder’s state copy', () => {
  it.each(entries)('%s says the same things in every language', (_name, entry) => {
    const shape = (c: copy.StateCopy) => Object.keys(c).sort();
    const [first, ...others] = LOCALES.map((locale) => entry.text[locale]!);
    for (const text of [first!, ...others]) {
      expect(text.title.trim()).not.toBe('');
      expect(text.detail.trim()).not.toBe('');
    }
    for (const other of others) expect(shape(other)).toEqual(shape(first!));
  });

  // The frame's buttons (i18n.ts): retry "Try again" / "重试", reload "Reload" / "刷新". The frame
  // timeout is the SDK's, shown in the merchant's page, where "reload" is the page itself.
  const BUTTON = { retry: { en_US: 'Try again', zh_CN: '重试' }, reload: { en_US: 'Reload', zh_CN: '刷新' } } as const;
  const offersButton = entries.filter(([name, e]) => e.action in BUTTON && name !== 'COPY_FRAME_TIMEOUT') as [
    string,
    { action: keyof typeof BUTTON; text: Record<string, copy.StateCopy> },
  ][];

  it.each(offersButton)('%s names the button it offers, by its label', (_name, entry) => {
    for (const locale of LOCALES) {
      const label = BUTTON[entry.action][locale];
      expect(entry.text[locale]!.detail.toLowerCase()).toContain(label.toLowerCase());
    }
  });

  // Where the button is not there (a hosted page, a parent without getClientAccessToken), a detail
  // that names it sends the cardholder looking for nothing: every state that offers one says the
  // next step without it too, in every language.
  it.each(offersButton)('%s words the next step without its button too', (_name, entry) => {
    for (const locale of LOCALES) {
      const without = entry.text[locale]!.detailWithoutRetry;
      expect(without?.trim(), locale).toBeTruthy();
      expect(without!.toLowerCase()).not.toContain(BUTTON[entry.action][locale].toLowerCase());
    }
  });

  it('writes Chinese in Chinese: every zh_CN line holds Chinese characters and full-width punctuation', () => {
    for (const [, entry] of entries) {
      for (const line of Object.values(entry.text.zh_CN!)) {
        expect(line).toMatch(/\p{Script=Han}/u);
        expect(line).not.toMatch(/[\p{Script=Han}][,.;:!?]/u);
      }
    }
  });
});
