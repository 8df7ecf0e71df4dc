import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { FrameHost, HostState } from '../bridge/frame-host.js';

interface FrameContextValue {
  host: FrameHost;
  /** the #root element: it carries data-state and the appearance tokens */
  root: HTMLElement;
}

const FrameContext = createContext<FrameContextValue | null>(null);

export function FrameProvider({ host, root, children }: FrameContextValue & { children: ReactNode }) {
  return <FrameContext.Provider value={{ host, root }}>{children}</FrameContext.Provider>;
}

export function useFrame(): FrameContextValue {
  const value = useContext(FrameContext);
  if (!value) throw new Error('useFrame outside renderFrame()');
  return value;
}

export function useHostState(host: FrameHost): HostState {
  return useSyncExternalStore(host.subscribe, host.getState);
}
