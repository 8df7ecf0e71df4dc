import type { Appearance } from '../../shared/appearance.js';
import type { CardField, DisplayMode } from '../../shared/fields.js';
import type { Locale } from '../../shared/locale.js';
import type { SessionRequest } from '../api/exchange-query.js';
import type { FrameKeyPair } from '../crypto/keypair.js';
import type { FrameEvents } from './frame-events.js';
import type { PageRefusalState } from '../../shared/page-refusal.js';

/** What the page that hosts the frame (a merchant's page, or a native app) has told it. */
export interface HostState {
  /** waiting: for `init` (embed) · started: a token is known · failed: nothing to exchange */
  phase: 'waiting' | 'started' | 'failed';
  request?: SessionRequest;
  /** `retryAfter`: the seconds a 1009 asks the cardholder to wait (shared/page-refusal.ts) */
  failure?: { code: number; reason: string; retryAfter?: number };
  locale: Locale;
  appearance: Appearance;
  autoHideSeconds: number;
  /** the parent can fetch a fresh token, so error states may offer a retry */
  canRefresh: boolean;
}

/** A reveal or hide asked for by the parent page; no field means every field. */
export interface FieldCommand {
  type: 'reveal' | 'hide';
  field?: CardField;
}

/** The frame's view of its surroundings: plain state React subscribes to, and outlets. */
export interface FrameHost {
  mode: DisplayMode;
  keyPair: Promise<FrameKeyPair>;
  events: FrameEvents;
  /** a native app can close the hosted page */
  canClose(): boolean;
  getState(): HostState;
  subscribe(listener: () => void): () => void;
  onCommand(listener: (command: FieldCommand) => void): () => void;
}

export const DEFAULT_AUTO_HIDE_SECONDS = 30;

/** The failure of a load the server refused (shared/page-refusal.ts): its code, and a 1009's wait. */
export const refusedLoad = (refusal: PageRefusalState): NonNullable<HostState['failure']> => ({
  ...refusal,
  reason: 'page_refused',
});

/**
 * Runs `then` once with the host's state as soon as it reaches `phase`, at once if it is
 * there: `started` (a token is known) or `failed` (no exchange will be made). A host goes
 * from `waiting` to one of them, and stays.
 */
export function whenPhase(
  host: Pick<FrameHost, 'getState' | 'subscribe'>,
  phase: 'started' | 'failed',
  then: (state: HostState) => void,
): void {
  const state = host.getState();
  if (state.phase === phase) return then(state);
  const stop = host.subscribe(() => {
    const next = host.getState();
    if (next.phase !== phase) return;
    stop();
    then(next);
  });
}

/** The tiny external store behind a host: immutable snapshots, change listeners. */
export function createHostStore(initial: HostState) {
  let state = initial;
  const listeners = new Set<() => void>();
  const commandListeners = new Set<(command: FieldCommand) => void>();
  return {
    get: (): HostState => state,
    set(patch: Partial<HostState>): void {
      state = { ...state, ...patch };
      listeners.forEach((l) => l());
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    command(command: FieldCommand): void {
      commandListeners.forEach((l) => l(command));
    },
    onCommand(listener: (command: FieldCommand) => void): () => void {
      commandListeners.add(listener);
      return () => commandListeners.delete(listener);
    },
  };
}
