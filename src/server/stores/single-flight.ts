/**
 * `run`, with callers that come while it runs sharing its result rather than starting
 * another; the first caller after it settles starts a fresh one. For checks anyone may ask
 * for as often as they like (/healthz), which must not multiply the work behind them.
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () =>
    (running ??= run().finally(() => {
      running = null;
    }));
}
