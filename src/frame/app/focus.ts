/**
 * Focus that is in this frame but on nothing: the control it was on went away (a row that
 * failed, a frame the SDK replaced on Retry). Only then may a view move it: focus that is
 * on a control, or outside the frame, is the cardholder's.
 */
export function focusIsOnNothing(): boolean {
  return document.hasFocus() && document.activeElement === document.body;
}
