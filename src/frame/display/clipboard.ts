/**
 * Puts a revealed value on the clipboard from inside the frame, under its own origin:
 * the merchant page never sees it.
 *
 * The asynchronous Clipboard API comes first. Android's WebView refuses it on every call:
 * it has no clipboard-write permission to grant, so `writeText` rejects with
 * NotAllowedError even on a cardholder's tap, and the hosted page in an app's web view is
 * one of our two modes. Older web views have no `navigator.clipboard` at all. Either way
 * the value is then copied the older way, `execCommand('copy')` on a selection, which the
 * tap's user activation still allows a few milliseconds later.
 */
export async function writeClipboard(text: string): Promise<void> {
  try {
    // a TypeError where there is no Clipboard API: the fallback then runs in the tap's own task
    await navigator.clipboard.writeText(text);
  } catch {
    if (!copyBySelection(text)) throw new Error('the clipboard refused the value');
  }
}

/**
 * Copies `text` through a hidden, read-only text area, selected for one synchronous moment
 * (read-only: no on-screen keyboard opens). It leaves the DOM emptied, and focus goes back
 * where it was (the Copy button), without scrolling. Nothing is announced: the area is
 * hidden from assistive technology, and no task runs while it holds the value.
 */
function copyBySelection(text: string): boolean {
  const back = document.activeElement;
  const area = document.createElement('textarea');
  area.className = 'cv-sr';
  area.readOnly = true;
  area.tabIndex = -1;
  area.setAttribute('aria-hidden', 'true');
  area.value = text;
  document.body.append(area);
  try {
    area.focus({ preventScroll: true });
    area.select();
    area.setSelectionRange(0, text.length); // iOS needs the range as well as select()
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.value = '';
    area.remove();
    getSelection()?.removeAllRanges();
    if (back instanceof HTMLElement) back.focus({ preventScroll: true });
  }
}
