import { useEffect, useState } from 'react';

/** Whole seconds until `end` by the clock now, between 0 and `most` (a clock turned back stretches no wait). */
const leftOf = (end: number, most: number) => Math.max(0, Math.min(most, Math.ceil((end - Date.now()) / 1000)));

/**
 * Whole seconds left of a wait of `seconds` from `startedAt` (a failure's time, or the start
 * of the session's last seconds), or from when the component mounted; 0 once it has passed,
 * and at once when there is none. Read from the clock at each tick, so a throttled timer in
 * a hidden page cannot stretch it, and before the first: whole for a wait that began just
 * now, what is left of one that began earlier (a page woken inside the session's last seconds).
 */
export function useSecondsLeft(seconds: number | undefined, startedAt?: number): number {
  const [mountedAt] = useState(() => Date.now());
  const deadline = seconds ? (startedAt ?? mountedAt) + seconds * 1000 : 0;
  const [read, setRead] = useState(() => ({ deadline, left: leftOf(deadline, seconds ?? 0) }));
  useEffect(() => {
    if (!deadline) return;
    const timer = setInterval(() => {
      const left = leftOf(deadline, seconds!);
      setRead({ deadline, left });
      if (left === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline, seconds]);
  if (!deadline) return 0;
  return read.deadline === deadline ? read.left : leftOf(deadline, seconds!);
}
