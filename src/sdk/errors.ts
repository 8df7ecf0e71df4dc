/**
 * The one error the SDK throws. Its codes are the platform's (src/shared/error-codes.ts),
 * a closed set: the SDK only ever throws 1004, for an option or argument the merchant's
 * code got wrong. What goes wrong later, at run time, reaches `onError` as a
 * `DisplayError` instead, because by then nobody is on the stack to catch it.
 */
export type CardveilErrorCode = 1004;

export class CardveilError extends Error {
  declare readonly code: CardveilErrorCode;
  /** what was wrong, starting with the option's name: `merchantId: Invalid request parameter` */
  declare readonly reason: string;

  constructor(code: CardveilErrorCode, reason: string) {
    super(`Cardveil ${code}: ${reason}`);
    Object.assign(this, { name: 'CardveilError', code, reason });
  }
}

/**
 * Throws a 1004 naming the option, in the platform's words for a bad parameter (DESIGN §3:
 * `merchantId: Invalid request parameter`). What each option expects is in README.md,
 * not in the bundle: spelling it out here cost ≈ 120 B of the SDK's 2.4 KB budget.
 */
export function expect(ok: unknown, name: string): asserts ok {
  if (!ok) throw new CardveilError(1004, `${name}: Invalid request parameter`);
}
