import { DISPLAY_ROUTES } from '../../shared/api.js';
import { whenPhase, type FrameHost } from '../bridge/frame-host.js';
import { markStep } from './marks.js';

/**
 * The host, marking two of the load's steps as they pass through it: `init-received`
 * (its state leaves 'waiting' with a token to exchange) and `ready` (the first `ready`
 * reported to the parent page).
 */
export function withStepMarks(host: FrameHost): FrameHost {
  // on the embed page the early script has usually marked it already, when `init` came
  whenPhase(host, 'started', () => markStep('init-received'));
  const events = {
    ...host.events,
    ready: (...args: Parameters<FrameHost['events']['ready']>) => {
      host.events.ready(...args);
      markStep('ready'); // the first one stands (marks.ts)
    },
  };
  return { ...host, events };
}

/**
 * `exchange-start` and `exchange-end`, from the exchange request's Resource Timing: the
 * fetch's own start and end, placed on the timeline once the entry is in.
 */
export function markExchange(): void {
  if (typeof PerformanceObserver !== 'function') return;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
      if (new URL(entry.name).pathname !== DISPLAY_ROUTES.sessions) continue;
      markStep('exchange-start', entry.startTime);
      markStep('exchange-end', entry.responseEnd);
      observer.disconnect();
    }
  });
  observer.observe({ type: 'resource', buffered: true });
}
