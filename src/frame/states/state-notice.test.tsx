// React's Node renderer: the unit tests run in Node, without a DOM (vitest.config.ts)
import { renderToStaticMarkup } from 'react-dom/server.node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { messagesFor } from '../i18n.js';
import { entryFor } from './state-entry.js';
import { StateNotice } from './state-notice.js';

const retryButton = (html: string) => /<button[^>]*data-testid="retry"[^>]*>.*?<\/button>/.exec(html)?.[0] ?? null;

describe('a 1009 notice', () => {
  it.each([
    ['en_US', 'Try again in 42 s', 'Try again', 'Please wait a moment, then try again.'],
    ['zh_CN', '42 秒后重试', '重试', '请稍候片刻再重试。'],
  ] as const)('counts the server’s wait down on Retry, which does nothing until then (%s)', (locale, face, name, detail) => {
    const html = renderToStaticMarkup(
      <StateNotice
        entry={entryFor(1009)}
        code={1009}
        t={messagesFor(locale)}
        locale={locale}
        onRetry={() => {}}
        retryAfter={42}
      />,
    );
    const button = retryButton(html)!;
    expect(button).toContain('aria-disabled="true"');
    // what shows is the countdown; what a screen reader names, once, is the button
    expect(button).toContain(`<span class="cv-sr">${name}</span><span aria-hidden="true">${face}</span>`);
    expect(html).toContain(detail);
  });

  it('offers a plain Retry when the server named no wait', () => {
    const html = renderToStaticMarkup(
      <StateNotice entry={entryFor(1009)} code={1009} t={messagesFor('en_US')} locale="en_US" onRetry={() => {}} />,
    );
    expect(retryButton(html)).toMatch(/^<button[^>]*><span>Try again<\/span><\/button>$/);
    expect(retryButton(html)).not.toContain('aria-disabled');
  });

  it('names no button where no fresh view can be asked for (a hosted page)', () => {
    const html = renderToStaticMarkup(
      <StateNotice entry={entryFor(1009)} code={1009} t={messagesFor('en_US')} locale="en_US" retryAfter={42} />,
    );
    expect(retryButton(html)).toBeNull();
    expect(html).toContain('Please wait a moment, then open your card again.');
  });
});

describe('how an error is announced', () => {
  afterEach(() => vi.unstubAllGlobals());
  const render = (focused: boolean | undefined, actions: { onRetry?: () => void; onClose?: () => void }) => {
    if (focused !== undefined) vi.stubGlobal('document', { hasFocus: () => focused });
    return renderToStaticMarkup(
      <StateNotice entry={entryFor(4019)} code={4019} t={messagesFor('en_US')} locale="en_US" {...actions} />,
    );
  };

  it('is an alert while the cardholder is elsewhere: focus stays where it is', () => {
    expect(render(false, { onRetry: () => {} })).toContain('role="alert"');
    expect(render(undefined, { onRetry: () => {} })).toContain('role="alert"');
  });

  it('is no alert when focus moves to its action, which carries the words: a reader says them once', () => {
    const html = render(true, { onRetry: () => {} });
    expect(html).not.toContain('role="alert"');
    expect(retryButton(html)).toMatch(/aria-describedby="[^"]+-title [^"]+-detail"/);
    expect(render(true, { onClose: () => {} })).not.toContain('role="alert"');
  });

  it('stays an alert when focus can go only to its title, which carries the title alone', () => {
    expect(render(true, {})).toContain('role="alert"');
  });
});
