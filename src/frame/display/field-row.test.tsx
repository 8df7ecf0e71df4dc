// React's Node renderer: the unit tests run in Node, without a DOM (vitest.config.ts)
import { renderToStaticMarkup } from 'react-dom/server.node';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../shared/locale.js';
import { messagesFor } from '../i18n.js';
import { FieldRow } from './field-row.js';

/** The PIN row after its envelope failed (4015), where the parent can mount a fresh view. */
function failedPin(locale: Locale): string {
  return renderToStaticMarkup(
    <FieldRow
      field="pin"
      last4="4242"
      revealed={undefined}
      errorCode={4015}
      copyStatus={undefined}
      t={messagesFor(locale)}
      locale={locale}
      onToggle={() => undefined}
      onCopy={() => undefined}
      onRetry={() => undefined}
    />,
  );
}

/** A row showing its value. */
function revealedPan(): string {
  return renderToStaticMarkup(
    <FieldRow
      field="pan"
      last4="4242"
      revealed="4242 4242 4242 4242"
      errorCode={undefined}
      copyStatus={undefined}
      t={messagesFor('en_US')}
      locale="en_US"
      onToggle={() => undefined}
      onCopy={() => undefined}
    />,
  );
}

/** The text of the element with `id`, tags dropped. */
const textOf = (html: string, id: string): string =>
  new RegExp(`id="${id}"[^>]*>(.*?)</span>`).exec(html)?.[1]?.replace(/<[^>]+>/g, '') ?? '';

describe('a field that failed on its own', () => {
  it.each([
    ['en_US', 'PIN can’t be shown Error code 4015', 'We couldn’t unlock your PIN securely. Try again to load a fresh view.'],
    ['zh_CN', '无法显示 PIN 错误代码 4015', '无法安全读取 PIN，请重试以重新加载卡片。'],
  ] as const)('describes its Retry button by what happened and what it will do (%s)', (locale, error, detail) => {
    const html = failedPin(locale);
    const button = /<button[^>]*data-testid="retry-pin"[^>]*>/.exec(html)?.[0] ?? '';
    const ids = /aria-describedby="([^"]+)"/.exec(button)?.[1]?.split(' ') ?? [];
    expect(ids.map((id) => textOf(html, id))).toEqual([error, detail]);
  });
});

describe('a revealed field', () => {
  it('keeps its value, shown and spoken, from a browser’s translation service', () => {
    const spans = [...revealedPan().matchAll(/<span class="cv-(value|sr)"([^>]*)>([^<]*)<\/span>/g)];
    expect(spans.map(([, kind, attributes, text]) => [kind, text, /\btranslate="no"/.test(attributes!)])).toEqual([
      ['value', '4242 4242 4242 4242', true],
      ['sr', '4 2 4 2, 4 2 4 2, 4 2 4 2, 4 2 4 2', true],
    ]);
  });
});
