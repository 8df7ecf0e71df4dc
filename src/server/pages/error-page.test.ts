import { describe, expect, it } from 'vitest';
import { LOCALES, langTag } from '../../shared/locale.js';
import { copyText, stateCopyFor } from '../../shared/state-copy.js';
import { escapeHtml } from '../../shared/html.js';
import { errorPage } from './error-page.js';

/** The codes the server answers with a page of its own (routes/pages.ts), 1009 among them when its app page is missing. */
const PAGE_CODES = [1001, 1009, 1013, 1018, 1021, 1022] as const;
const LABEL = { en_US: 'Error code', zh_CN: '错误代码' } as const;

// Each page was checked in one language only (1018 in Chinese, 1021 in English): a page stuck in either passed.
describe.each(LOCALES)('the server’s own error page in %s', (locale) => {
  it.each(PAGE_CODES)('%d: its language, title, words with no Retry named, and the code under its label', (code) => {
    const { html } = errorPage(code, locale, []);
    const copy = copyText(stateCopyFor(code), locale);
    expect(html).toContain(`<html lang="${langTag(locale)}">`);
    expect(html).toContain(`<title>${escapeHtml(copy.title)}</title>`);
    expect(html).toContain(`<h1>${escapeHtml(copy.title)}</h1>`);
    expect(html).toContain(`<p>${escapeHtml(copy.detailWithoutRetry ?? copy.detail)}</p>`);
    expect(html).toContain(`data-error-code="${code}"`);
    expect(html).toMatch(new RegExp(`>${LABEL[locale]} ${code}</small>`));
  });

  it('holds no word of the other language', () => {
    const other = LOCALES.find((l) => l !== locale)!;
    for (const code of PAGE_CODES) {
      const { html } = errorPage(code, locale, []);
      expect(html).not.toContain(escapeHtml(copyText(stateCopyFor(code), other).title));
      expect(html).not.toContain(LABEL[other]);
    }
  });
});
