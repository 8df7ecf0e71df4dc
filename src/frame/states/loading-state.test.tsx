// React's Node renderer: the unit tests run in Node, without a DOM (vitest.config.ts)
import { renderToStaticMarkup } from 'react-dom/server.node';
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../i18n.js';
import { LoadingState } from './loading-state.js';

const notes = (html: string) => [...html.matchAll(/<p id="cv-slow-note">([^<]*)<\/p>/g)].map(([, text]) => text);
const retries = (html: string) =>
  [...html.matchAll(/<button[^>]*data-testid="retry"[^>]*>(.*?)<\/button>/g)].map(([, inner]) => inner!.replace(/<[^>]*>/g, ''));

describe('the skeleton', () => {
  it('says nothing more while a load is on time, and is busy', () => {
    const html = renderToStaticMarkup(<LoadingState fields={['pan']} t={messagesFor('en_US')} />);
    expect(notes(html)).toEqual([]);
    expect(html).toMatch(/^<section [^>]*aria-busy="true"/);
  });

  it('is no longer busy once slow: its note and Retry are there to be read', () => {
    const html = renderToStaticMarkup(<LoadingState fields={['pan']} t={messagesFor('en_US')} slow onRetry={() => {}} />);
    expect(html).not.toContain('aria-busy');
  });

  it.each([
    ['en_US', 'This is taking longer than usual…'],
    ['zh_CN', '加载时间比平时长，请稍候……'],
  ] as const)('says underneath that a slow load is slow (%s)', (locale, words) => {
    const html = renderToStaticMarkup(<LoadingState fields={['pan']} t={messagesFor(locale)} slow />);
    expect(notes(html)).toEqual([words]);
    expect(retries(html)).toEqual([]);
  });

  it.each([
    ['en_US', 'This is taking longer than usual. You can keep waiting, or try again.', 'Try again'],
    ['zh_CN', '加载时间比平时长。您可以继续等待，或点击重试。', '重试'],
  ] as const)('offers a Retry, described by the note, where a fresh view can be asked for (%s)', (locale, words, label) => {
    const html = renderToStaticMarkup(<LoadingState fields={['pan']} t={messagesFor(locale)} slow onRetry={() => {}} />);
    expect(notes(html)).toEqual([words]);
    expect(retries(html)).toEqual([label]);
    expect(html).toContain('aria-describedby="cv-slow-note"');
  });

  it('offers no Retry while a load is on time', () => {
    expect(retries(renderToStaticMarkup(<LoadingState fields={['pan']} t={messagesFor('en_US')} onRetry={() => {}} />))).toEqual(
      [],
    );
  });
});
