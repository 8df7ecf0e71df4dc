import { describe, expect, it } from 'vitest';
import * as copy from './state-copy.js';
import { LOCALES } from './locale.js';

const entries = Object.entries(copy).filter(([name]) => name.startsWith('COPY_')) as [
  string,
  { text: Record<string, copy.StateCopy> },
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

  it('words the next step without a button wherever the detail points at one', () => {
    // "Retry" / "重试" and "Reload" / "刷新" name the frame's button; without it there is nothing to press
    const pointing = entries.filter(([, e]) =>
      /Retry to|重试以|Reload the page to continue/.test(e.text.en_US!.detail + e.text.zh_CN!.detail),
    );
    expect(pointing.map(([name]) => name).sort()).toEqual(['COPY_1017', 'COPY_4015', 'COPY_4019']);
    for (const [, entry] of pointing) {
      for (const locale of LOCALES) expect(entry.text[locale]!.detailWithoutRetry).toBeTruthy();
    }
  });
});
