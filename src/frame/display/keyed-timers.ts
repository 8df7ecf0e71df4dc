const MAX_DELAY_MS = 2 ** 31 - 1; // setTimeout's ceiling

export interface KeyedTimers {
  /** runs `run` in `ms`, replacing the timer of that key */
  set(key: string, ms: number, run: () => void): void;
  clear(key: string): void;
  clearAll(): void;
}

/** Timers by name: the card view's session end, ending notice, each field's auto-hide and copy status. */
export function createKeyedTimers(): KeyedTimers {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const clear = (key: string): void => {
    clearTimeout(timers.get(key));
    timers.delete(key);
  };
  return {
    set(key, ms, run) {
      clear(key);
      const fire = (): void => {
        timers.delete(key);
        run();
      };
      timers.set(key, setTimeout(fire, Math.min(ms, MAX_DELAY_MS)));
    },
    clear,
    clearAll() {
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
    },
  };
}
