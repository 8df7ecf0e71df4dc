// React's Node renderer: the unit tests run in Node, without a DOM (vitest.config.ts)
import { renderToStaticMarkup } from 'react-dom/server.node';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../shared/locale.js';
import type { CardViewState } from '../display/card-view.js';
import { messagesFor } from '../i18n.js';
import { isRetelling, LiveRegion } from './live-region.js';

const copied: CardViewState = {
  status: 'ready',
  revealed: {},
  fieldErrors: {},
  copy: { pan: 'copied' },
  announcement: { kind: 'copy', field: 'pan', seq: 3 },
  ending: false,
};

const region = (props: { card?: CardViewState | null; slow?: boolean; locale?: Locale; retryOffered?: boolean }) => {
  const locale = props.locale ?? 'en_US';
  const html = renderToStaticMarkup(
    <LiveRegion
      card={props.card ?? null}
      expired={false}
      slow={props.slow}
      retryOffered={props.retryOffered ?? false}
      t={messagesFor(locale)}
      locale={locale}
    />,
  );
  return html.replace(/<[^>]+>/g, '');
};

describe('the live region', () => {
  it('says what just happened, in the chosen language', () => {
    expect(region({ card: copied })).toBe('Card number copied');
    expect(region({ card: copied, locale: 'zh_CN' })).toBe('卡号已复制');
  });

  it('says once that a load is slow', () => {
    expect(region({ slow: true })).toBe('This is taking longer than usual…');
    expect(region({ slow: true, locale: 'zh_CN' })).toBe('加载时间比平时长，请稍候……');
    expect(region({ slow: false })).toBe('');
  });

  it('says a Retry is there, where one is offered under a slow load', () => {
    expect(region({ slow: true, retryOffered: true })).toBe(
      'This is taking longer than usual. You can keep waiting, or try again.',
    );
    expect(region({ slow: true, retryOffered: true, locale: 'zh_CN' })).toBe('加载时间比平时长。您可以继续等待，或点击重试。');
  });

  it('does not say a message again when only the language changed', () => {
    const said = { key: 3, locale: 'en_US' as const };
    expect(isRetelling(said, 3, 'zh_CN')).toBe(true);
    expect(isRetelling(said, 3, 'en_US')).toBe(false); // the same render again: still shown
    expect(isRetelling(said, 4, 'zh_CN')).toBe(false); // news, in the new language
    expect(isRetelling(null, 3, 'zh_CN')).toBe(false);
  });
});
