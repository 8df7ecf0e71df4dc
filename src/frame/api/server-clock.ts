/**
 * The server's clock, as this page knows it. The display API refuses a request whose
 * X-Timestamp is more than 300 s from its own time (1005, DESIGN §5), and a phone's clock
 * can be hours off. Every answer's Date header says how far (whole seconds: good to about
 * one, against a 300 s window); every request after it is stamped on the server's clock,
 * and the session's expires_at is read back on ours.
 */
let offsetMs = 0;

/** Now, on the server's clock as far as this page knows it. */
export const serverNow = (): number => Date.now() + offsetMs;

/** How far the server's clock is ahead of ours: 0 until an answer said otherwise. */
export const serverClockOffset = (): number => offsetMs;

/** Learns the offset from an answer's Date header; false when it carries none to read. */
export function learnServerClock(response: Response): boolean {
  const serverTime = Date.parse(response.headers.get('Date') ?? '');
  if (!Number.isFinite(serverTime)) return false;
  offsetMs = serverTime - Date.now();
  return true;
}

/** Back to the device's own clock, as a new page starts: for tests, each a fresh page. */
export function resetServerClock(): void {
  offsetMs = 0;
}
