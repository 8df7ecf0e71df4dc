// React's Node renderer: the unit tests run in Node, without a DOM (vitest.config.ts)
import { renderToStaticMarkup } from 'react-dom/server.node';
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../i18n.js';
import { LoadingState } from './loading-state.js';

const notes = (html: string) => [...html.matchAll(/<p class="cv-slow">([^<]*)<\/p>/g)].map(([, text]) => text);

describe('the skeleton', () => {
  it('says nothing more while a load is on time', () => {
    expect(notes(renderToStaticMarkup(<LoadingState fields={['pan']} t={messagesFor('en_US')} />))).toEqual([]);
  });

  it.each([
    ['en_US', 'This is taking longer than usual…'],
    ['zh_CN', '加载时间比平时长，请稍候……'],
  ] as const)('says underneath that a slow load is slow (%s)', (locale, words) => {
    expect(notes(renderToStaticMarkup(<LoadingState fields={['pan']} t={messagesFor(locale)} slow />))).toEqual([words]);
  });
});
