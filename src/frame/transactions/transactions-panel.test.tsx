import { QueryClientProvider } from '@tanstack/react-query';
// React's Node renderer: the unit tests run in Node, without a DOM (vitest.config.ts)
import { renderToStaticMarkup } from 'react-dom/server.node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Locale } from '../../shared/locale.js';
import { createQueryClient } from '../api/query-client.js';
import { transactionsQueryOptions } from '../api/transactions-query.js';
import { FrameProvider } from '../app/host-context.js';
import { createFrameEvents } from '../bridge/frame-events.js';
import type { FrameHost } from '../bridge/frame-host.js';
import { messagesFor } from '../i18n.js';
import { lastDays, rangeOf } from './date-range.js';
import { TransactionsPanel } from './transactions-panel.js';

afterEach(() => vi.unstubAllGlobals());

/** The panel as it first shows, once its first request was answered by `reply`. */
async function panelAfter(
  reply: () => Promise<Response>,
  { locale = 'en_US' as Locale, onReload = undefined as (() => void) | undefined } = {},
) {
  vi.stubGlobal('fetch', vi.fn(reply));
  const client = createQueryClient();
  // the range the panel opens on: the last 30 days
  await client.prefetchInfiniteQuery(transactionsQueryOptions('ses_1', rangeOf(lastDays(30))!, locale));
  const host = {
    events: createFrameEvents(
      () => undefined,
      () => locale,
    ),
  } as unknown as FrameHost;
  const html = renderToStaticMarkup(
    <QueryClientProvider client={client}>
      <FrameProvider host={host} root={{} as HTMLElement}>
        <TransactionsPanel
          sessionId="ses_1"
          t={messagesFor(locale)}
          locale={locale}
          onReload={onReload}
          onSessionEnd={() => undefined}
        />
      </FrameProvider>
    </QueryClientProvider>,
  );
  const markup = /<button[^>]*data-testid="txn-retry"[^>]*>.*?<\/button>/.exec(html)?.[0] ?? null;
  const button = markup && markup.replace(/<[^>]+>/g, '');
  const status = /<div role="status"[^>]*>(.*?)<\/div>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '') ?? '';
  return { button, markup, status };
}

const answering =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    Promise.resolve(new Response(JSON.stringify({ code, msg: '' }), { headers }));
const offline = () => Promise.reject(new TypeError('Failed to fetch'));

describe('the transactions panel’s next step', () => {
  it('offers Reload for a refused request where the parent can mount a fresh view, and says so', async () => {
    const { button, status } = await panelAfter(answering(1017), { onReload: () => undefined });
    expect(button).toBe('Reload');
    expect(status).toContain('This request was already used. Reload to continue.');
  });

  it.each([
    ['en_US', 'This request was already used. Open your card again to continue.'],
    ['zh_CN', '该请求已被使用，请重新打开卡片后继续。'],
  ] as const)('words it without a button where no fresh view can be had (%s)', async (locale, words) => {
    const { button, status } = await panelAfter(answering(1017), { locale });
    expect(button).toBeNull();
    expect(status).toContain(words);
  });

  it('says nothing and offers nothing of its own for a 1014: the whole view ends (e2e/transactions.spec.ts)', async () => {
    const { button, status } = await panelAfter(answering(1014), { onReload: () => undefined });
    expect(button).toBeNull();
    expect(status).toBe('');
  });

  it('asks again from the panel when the network failed, on a hosted page too', async () => {
    const { button, status } = await panelAfter(offline);
    expect(button).toBe('Try again');
    expect(status).toContain('Check your connection, then try again.');
  });

  it.each([
    ['en_US', 'Try again in 30 s', 'Try again'],
    ['zh_CN', '30 秒后重试', '重试'],
  ] as const)('counts a 1009’s Retry-After down on its retry, which does nothing until then (%s)', async (locale, face, name) => {
    const { markup, status } = await panelAfter(answering(1009, { 'Retry-After': '30' }), { locale });
    expect(markup).toContain('aria-disabled="true"');
    expect(markup).toContain(`<span class="cv-sr">${name}</span><span aria-hidden="true">${face}</span>`);
    expect(status).toContain(locale === 'en_US' ? 'Please wait a moment, then try again.' : '请稍候片刻再重试。');
  });

  it('offers nothing to press where pressing cannot help: no transactions in the range', async () => {
    const { button, status } = await panelAfter(answering(4009), { onReload: () => undefined });
    expect(button).toBeNull();
    expect(status).toContain('There are no transactions in these dates.');
  });
});
