import { useEffect, useState } from 'react';

/**
 * Whole seconds left of a wait that starts when the component mounts, down to 0; 0 at once
 * when there is none. Read from the clock at each tick, so a throttled timer in a hidden
 * page cannot stretch the wait.
 */
export function useSecondsLeft(seconds: number | undefined): number {
  const [deadline] = useState(() => (seconds ? Date.now() + seconds * 1000 : 0));
  const [left, setLeft] = useState(seconds ?? 0);
  useEffect(() => {
    if (!deadline) return;
    const timer = setInterval(() => {
      const now = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(now);
      if (now === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return left;
}
