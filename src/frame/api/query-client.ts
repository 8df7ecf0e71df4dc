import { QueryClient } from '@tanstack/react-query';

/** Every query default of the frame, in one place. */
export function createFrameQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A client access token works once: a second request could only answer 1014,
        // so nothing here ever fetches twice, on its own or on a window event.
        retry: false,
        staleTime: Infinity,
        gcTime: Infinity,
        refetchOnMount: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // Run even when the browser says it is offline: the cardholder gets the
        // network state rather than a spinner that waits for a reconnect.
        networkMode: 'always',
      },
    },
  });
}
