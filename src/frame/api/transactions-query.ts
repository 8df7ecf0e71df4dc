import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import {
  DISPLAY_ROUTES,
  TRANSACTION_STATUSES,
  type TransactionItem,
  type TransactionsRequest,
  type TransactionsResponse,
} from '../../shared/api.js';
import type { Locale } from '../../shared/locale.js';
import { callDisplayApi } from './display-client.js';

/** A query range as the server takes it: ISO 8601 instants, [start, end). */
export interface TransactionRange {
  start: string;
  end: string;
}

const isItem = (t: Partial<TransactionItem> | null): boolean =>
  typeof t?.id === 'string' &&
  Number.isSafeInteger(t.amount) &&
  /^[A-Z]{3}$/.test(t.currency ?? '') && // Intl.NumberFormat throws on anything else
  typeof t.merchant_name === 'string' &&
  TRANSACTION_STATUSES.includes(t.status!) &&
  !Number.isNaN(Date.parse(t.time ?? ''));

export function isTransactionsResponse(value: unknown): value is TransactionsResponse {
  const v = value as Partial<TransactionsResponse> | null;
  return (
    Array.isArray(v?.transactions) &&
    v.transactions.every(isItem) &&
    (v.next_cursor === null || typeof v.next_cursor === 'string')
  );
}

/** The fetch function: one page, each call with its own nonce and timestamp. */
export async function fetchTransactions(request: TransactionsRequest, locale: Locale): Promise<TransactionsResponse> {
  return callDisplayApi(DISPLAY_ROUTES.transactions, request, locale, isTransactionsResponse);
}

/**
 * Pages of one session's transactions in one range, newest first. Keyed by session and
 * range, not locale: the texts are the frame's own, so a language switch refetches
 * nothing. Never retried: every failure is a business code (1019, 1020, 4009, …) that a
 * second identical request would only repeat, or the network, which the panel offers
 * to try again.
 */
export function transactionsQueryOptions(sessionId: string, range: TransactionRange, locale: Locale) {
  return infiniteQueryOptions({
    queryKey: ['transactions', sessionId, range.start, range.end] as const,
    queryFn: ({ pageParam }) =>
      fetchTransactions(
        { session_id: sessionId, start_time: range.start, end_time: range.end, ...(pageParam ? { cursor: pageParam } : {}) },
        locale,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor,
    retry: false,
    staleTime: 60_000,
  });
}

export function useTransactions(sessionId: string, range: TransactionRange, locale: Locale) {
  return useInfiniteQuery(transactionsQueryOptions(sessionId, range, locale));
}
