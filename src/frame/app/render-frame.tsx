import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startExchangeOnRequest } from '../api/exchange-query.js';
import { createQueryClient } from '../api/query-client.js';
import type { FrameHost } from '../bridge/frame-host.js';
import { FrameApp } from './frame-app.js';
import { FrameProvider } from './host-context.js';
import '../styles.css';

/**
 * Mounts the app into #root, with one query client for the page's lifetime. StrictMode
 * stays on: the exchange must survive its double effects.
 */
export function renderFrame(host: FrameHost, root: HTMLElement): void {
  const client = createQueryClient();
  startExchangeOnRequest(client, host);
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <FrameProvider host={host} root={root}>
          <FrameApp />
        </FrameProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
