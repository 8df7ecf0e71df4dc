import { useEffect, useState } from 'react';

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
  const leftOf = (end: number) => Math.max(0, Math.min(seconds ?? 0, Math.ceil((end - Date.now()) / 1000)));
  const [read, setRead] = useState(() => ({ deadline, left: leftOf(deadline) }));
  useEffect(() => {
    if (!deadline) return;
    const timer = setInterval(() => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setRead({ deadline, left });
      if (left === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  if (!deadline) return 0;
  return read.deadline === deadline ? read.left : leftOf(deadline);
}
