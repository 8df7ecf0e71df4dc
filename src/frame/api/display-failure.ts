/**
 * A state the frame cannot get past, as a platform code (the public contract) plus,
 * when the code alone is too coarse, a machine-readable reason: 1001 + 'network'.
 */
export class DisplayFailure extends Error {
  readonly code: number;
  readonly reason: string | undefined;
  /** 1009: the seconds the server asked for (`Retry-After`) before a fresh view can pass */
  readonly retryAfter: number | undefined;

  constructor(code: number, reason?: string, retryAfter?: number) {
    super(reason ? `Display failed with code ${code} (${reason})` : `Display failed with code ${code}`);
    this.name = 'DisplayFailure';
    this.code = code;
    this.reason = reason;
    this.retryAfter = retryAfter;
  }
}
