import { InfiniteQueryObserver, type QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisplayFailure } from './display-failure.js';
import { createQueryClient } from './query-client.js';
import { transactionsQueryOptions } from './transactions-query.js';

const range = { start: '2026-03-01T00:00:00.000Z', end: '2026-03-08T00:00:00.000Z' };
const row = (id: string) => ({
  id,
  amount: 1234,
  currency: 'USD',
  merchant_name: 'Blue Bottle Coffee',
  status: 'completed',
  time: '2026-03-02T09:30:00.000Z',
});

let clients: QueryClient[] = [];
afterEach(() => {
  clients.forEach((c) => c.unmount());
  clients = [];
  vi.unstubAllGlobals();
});

/** A mounted client and a server answering `bodies` in turn. */
function setup(...bodies: object[]) {
  const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(bodies.shift())));
  vi.stubGlobal('fetch', fetchMock);
  const client = createQueryClient();
  client.mount();
  clients.push(client);
  const observer = new InfiniteQueryObserver(client, transactionsQueryOptions('ses_1', range, 'en_US'));
  observer.subscribe(() => undefined);
  const settled = () => vi.waitFor(() => expect(observer.getCurrentResult().isFetching).toBe(false));
  return { fetchMock, observer, settled, sent: (i: number) => fetchMock.mock.calls[i]! };
}

describe('the transactions query', () => {
  it('asks for the first page of the range, then the next with its cursor, each with a fresh nonce', async () => {
    const { observer, settled, sent } = setup(
      { code: 0, msg: 'Success', data: { transactions: [row('txn_a')], next_cursor: 'c1' } },
      { code: 0, msg: 'Success', data: { transactions: [row('txn_b')], next_cursor: null } },
    );
    await settled();
    expect(observer.getCurrentResult().hasNextPage).toBe(true);
    await observer.fetchNextPage();
    await settled();
    const result = observer.getCurrentResult();
    expect(result.data?.pages.flatMap((p) => p.transactions.map((t) => t.id))).toEqual(['txn_a', 'txn_b']);
    expect(result.hasNextPage).toBe(false);
    const [url, init] = sent(0);
    expect(url).toBe('/api/v1/pci/display/transactions');
    expect(JSON.parse(init.body as string)).toEqual({ session_id: 'ses_1', start_time: range.start, end_time: range.end });
    expect(JSON.parse(sent(1)[1].body as string)).toMatchObject({ cursor: 'c1' });
    const nonce = (i: number) => (sent(i)[1].headers as Record<string, string>)['X-Nonce'];
    expect(nonce(0)).not.toBe(nonce(1));
  });

  it.each([1019, 1020, 4009])('settles on %i at once, without a retry', async (code) => {
    const { fetchMock, observer, settled } = setup({ code, msg: '' });
    await settled();
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(observer.getCurrentResult().error).toEqual(new DisplayFailure(code));
    expect((observer.getCurrentResult().error as DisplayFailure).code).toBe(code);
  });

  it('refuses a row that does not look like a transaction as 1001 bad_response', async () => {
    const { observer, settled } = setup({
      code: 0,
      msg: 'Success',
      data: { transactions: [{ ...row('txn_a'), currency: '<img>' }], next_cursor: null },
    });
    await settled();
    expect(observer.getCurrentResult().error).toMatchObject({ code: 1001, reason: 'bad_response' });
  });

  it('keys each session and range apart, and not by language', () => {
    const key = (s: string, r: typeof range, l: 'en_US' | 'zh_CN') => transactionsQueryOptions(s, r, l).queryKey;
    expect(key('ses_1', range, 'en_US')).toEqual(key('ses_1', range, 'zh_CN'));
    expect(key('ses_1', range, 'en_US')).not.toEqual(key('ses_2', range, 'en_US'));
    expect(key('ses_1', range, 'en_US')).not.toEqual(key('ses_1', { ...range, end: '2026-03-09T00:00:00.000Z' }, 'en_US'));
  });
});
