/**
 * Runs an async job at most once per key and remembers how it ended. The frame's
 * exchange spends a single-use token, so "once" is the whole contract: no retry, no
 * refetch on focus or reconnect, no expiry of the result. TanStack Query with every
 * one of those switched off does the same for 9.7 KB gzip the frame's budget lacks.
 */
export type Outcome<T> =
  | { status: 'pending'; data?: undefined; error?: undefined }
  | { status: 'success'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: Error };

export interface OnceStore<T> {
  /** Starts `job` unless this key already ran; later calls are no-ops. */
  run(key: string, job: () => Promise<T>): void;
  get(key: string): Outcome<T> | undefined;
  subscribe(listener: () => void): () => void;
}

export function createOnceStore<T>(): OnceStore<T> {
  const outcomes = new Map<string, Outcome<T>>();
  const listeners = new Set<() => void>();
  const settle = (key: string, outcome: Outcome<T>): void => {
    outcomes.set(key, outcome);
    listeners.forEach((listener) => listener());
  };
  return {
    run(key, job) {
      if (outcomes.has(key)) return;
      settle(key, { status: 'pending' });
      job().then(
        (data) => settle(key, { status: 'success', data }),
        (error: unknown) => settle(key, { status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
      );
    },
    get: (key) => outcomes.get(key),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
