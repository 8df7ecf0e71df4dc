/**
 * A state the frame cannot get past, as a platform code (the public contract) plus,
 * when the code alone is too coarse, a machine-readable reason: 1001 + 'network'.
 */
export class DisplayFailure extends Error {
  readonly code: number;
  readonly reason: string | undefined;

  constructor(code: number, reason?: string) {
    super(reason ? `Display failed with code ${code} (${reason})` : `Display failed with code ${code}`);
    this.name = 'DisplayFailure';
    this.code = code;
    this.reason = reason;
  }
}
