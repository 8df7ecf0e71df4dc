// React's Node renderer: the unit tests run in Node, without a DOM (vitest.config.ts)
import { renderToStaticMarkup } from 'react-dom/server.node';
import { describe, expect, it } from 'vitest';
import type { DisplaySession } from '../api/exchange-query.js';
import { messagesFor } from '../i18n.js';
import type { CardView, CardViewState } from './card-view.js';
import { CardPanel } from './card-panel.js';

const NOT_CALLED = () => {
  throw new Error('not called while rendering');
};

function panel(locale: 'en_US' | 'zh_CN', ending: boolean, secondsLeft: number): string {
  const session: DisplaySession = {
    id: 'ses_1',
    expiresAt: Date.now() + secondsLeft * 1000,
    fields: ['pan'],
    transactions: false,
    card: { brand: 'visa', last4: '4242', type: 'virtual' },
    vault: { has: () => true, read: NOT_CALLED, wipe: NOT_CALLED },
  };
  const state: CardViewState = { status: 'ready', revealed: {}, fieldErrors: {}, copy: {}, announcement: null, ending };
  const view = { toggle: NOT_CALLED, copy: NOT_CALLED, expire: NOT_CALLED } as unknown as CardView;
  return renderToStaticMarkup(<CardPanel session={session} state={state} view={view} t={messagesFor(locale)} locale={locale} />);
}

const endingNote = (html: string) => /<p class="cv-ending"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];

describe('the card panel', () => {
  it('says nothing of the session’s end before its last 30 seconds', () => {
    expect(endingNote(panel('en_US', false, 200))).toBeUndefined();
  });

  it.each([
    ['en_US', 30, 'For your security, card details will be hidden in 30 seconds'],
    ['en_US', 12, 'For your security, card details will be hidden in 12 seconds'],
    ['en_US', 1, 'For your security, card details will be hidden in 1 second'],
    ['zh_CN', 12, '为保障安全，卡片信息将在 12 秒后隐藏'],
  ] as const)('shows the seconds left under the fields, in its last 30 (%s, %d s)', (locale, seconds, words) => {
    const html = panel(locale, true, seconds);
    expect(endingNote(html)).toBe(words);
    // shown, not announced: the live region says it once (live-region.tsx)
    expect(html).not.toMatch(/class="cv-ending"[^>]*aria-live/);
  });
});
