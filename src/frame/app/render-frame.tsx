import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { FrameHost } from '../bridge/frame-host.js';
import { FrameApp } from './frame-app.js';
import { FrameProvider } from './host-context.js';
import '../styles.css';

/** Mounts the app into #root. StrictMode stays on: the exchange must survive its double effects. */
export function renderFrame(host: FrameHost, root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <FrameProvider host={host} root={root}>
        <FrameApp />
      </FrameProvider>
    </StrictMode>,
  );
}
