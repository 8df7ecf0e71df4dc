/**
 * The frame's load, step by step, as User Timing marks named `cardveil:<step>`: the
 * bench reads them into its breakdown of mount → ready (bench/browser-timing.ts), and
 * DevTools shows them in its Performance panel. A leaf module, so the first one to run
 * can use it.
 */
export type FrameStep =
  'keygen-start' | 'boot' | 'keypair-ready' | 'init-received' | 'exchange-start' | 'exchange-end' | 'unwrapped' | 'ready';

/** Marks `step` now, or at `startTime` (ms on the page's clock) when it is known after the fact. */
export function markStep(step: FrameStep, startTime?: number): void {
  globalThis.performance?.mark?.(`cardveil:${step}`, startTime === undefined ? undefined : { startTime });
}
