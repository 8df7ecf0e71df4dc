import { useEffect, useState } from 'react';

/**
 * Whole seconds left of a wait of `seconds` from `startedAt` (the failure's time), or from
 * when the component mounted; 0 once it has passed, and at once when there is none. Read
 * from the clock at each tick, so a throttled timer in a hidden page cannot stretch it.
 */
export function useSecondsLeft(seconds: number | undefined, startedAt?: number): number {
  const [mountedAt] = useState(() => Date.now());
  const deadline = seconds ? (startedAt ?? mountedAt) + seconds * 1000 : 0;
  const [read, setRead] = useState({ deadline, left: seconds ?? 0 });
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
  // a new wait (a new failure, just now) shows whole until its first tick
  return read.deadline === deadline ? read.left : seconds!;
}
