/**
 * Where the SDK was loaded from, recorded once by the entry point (the IIFE's
 * `document.currentScript`, the ESM's `import.meta.url`). Its origin is the default
 * display origin. Fixed at load time; instances only read it (a live binding).
 */
export let scriptUrl: string | undefined;

export function setScriptUrl(value: string | undefined): void {
  scriptUrl = value;
}
