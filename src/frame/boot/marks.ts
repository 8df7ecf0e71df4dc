/**
 * The frame's load, step by step, as User Timing marks named `cardveil:<step>`: the
 * bench reads them into its breakdown of mount → ready (bench/browser-timing.ts), and
 * DevTools shows them in its Performance panel. A leaf module, so the first one to run
 * can use it.
 */
export type FrameStep =
  'keygen-start' | 'boot' | 'keypair-ready' | 'init-received' | 'exchange-start' | 'exchange-end' | 'unwrapped' | 'ready';

/**
 * Marks `step` now, or at `startTime` (ms on the page's clock) when it is known after the
 * fact. A step happens once per load, so the first mark stands: `init-received`, marked by
 * the early script when `init` arrives, is not moved to when the app takes it over.
 */
export function markStep(step: FrameStep, startTime?: number): void {
  const name = `cardveil:${step}`;
  const perf = globalThis.performance;
  if (!perf?.mark || perf.getEntriesByName(name, 'mark').length > 0) return;
  perf.mark(name, startTime === undefined ? undefined : { startTime });
}
