import { useEffect, useState } from 'react';

/**
 * How long a load may take before the frame says it is slow. A cold load is ready in well
 * under 2 s (docs/performance.md); 15 s is a connection that stalled, or a device that
 * generates its key without WebCrypto.
 */
export const SLOW_LOAD_MS = 15_000;

/**
 * Whether the frame has been loading for SLOW_LOAD_MS. Nothing is aborted: the exchange
 * may already have spent the token (exchange-query.ts), so its answer can still come, and
 * the cardholder is only told to expect a wait. Not an error state, so the parent hears
 * nothing (DESIGN §7: onError is for error states); it hears `ready` or an error later.
 */
export function useSlowLoad(loading: boolean): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!loading) return;
    const timer = setTimeout(() => setSlow(true), SLOW_LOAD_MS);
    return () => {
      clearTimeout(timer);
      setSlow(false);
    };
  }, [loading]);
  return loading && slow;
}
