import { REPLAY_WINDOW_MS } from '../../shared/api.js';
import { ApiError } from '../errors.js';

/**
 * A signed or display request's timestamp must be within the window of the server's clock,
 * either side, the edge included (DESIGN §5 step 3): else 1005.
 */
export function checkTimestamp(value: string | undefined, now: number): void {
  if (!/^\d{10,16}$/.test(value ?? '') || Math.abs(now - Number(value)) > REPLAY_WINDOW_MS) throw new ApiError(1005);
}

/**
 * Until when a nonce seen `now` must be remembered: its timestamp may be up to a window
 * ahead, and passes until a window after that, the last instant included. A store forgets
 * a record once its expiry is reached (`expires_at <= now`), so the expiry is the instant after.
 */
export const nonceExpiry = (now: number): number => now + 2 * REPLAY_WINDOW_MS + 1;
