import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createFrameQueryClient } from '../api/query-client.js';
import type { FrameHost } from '../bridge/frame-host.js';
import { FrameApp } from './frame-app.js';
import { FrameProvider } from './host-context.js';
import '../styles.css';

/** Mounts the app into #root. StrictMode stays on: the exchange must survive its double effects. */
export function renderFrame(host: FrameHost, root: HTMLElement): void {
  const queryClient = createFrameQueryClient();
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <FrameProvider host={host} root={root}>
          <FrameApp />
        </FrameProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
