import { QueryClient } from '@tanstack/react-query';

/**
 * The frame's query defaults, in one place. Every display API call carries a fresh
 * nonce and the exchange spends a single-use token, so nothing is retried or refetched
 * behind the cardholder's back; and a request is always sent, so being offline shows the
 * network state instead of a silently paused query.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        networkMode: 'always',
        retry: false,
        retryOnMount: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
    },
  });
}
