/**
 * The display origin the SDK was served from, recorded once by the entry point that
 * was loaded (`document.currentScript` for the IIFE, `import.meta.url` for the ESM).
 * It is configuration fixed at load time, not state: instances never write it.
 */
let scriptOrigin: string | undefined;

export function setDefaultOrigin(origin: string | undefined): void {
  scriptOrigin = origin;
}

export function defaultOrigin(): string | undefined {
  return scriptOrigin;
}
