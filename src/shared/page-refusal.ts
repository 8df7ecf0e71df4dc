/**
 * The hosted page the server answers when it will not let this load go on: the app itself,
 * which then shows that state with its Close button and tells the native app, instead of a
 * static page a full-screen web view could not be left from. The server names the code in a
 * `<meta>` of the page's head.
 */
export const PAGE_REFUSAL_META = 'cardveil-refusal';

/** Over the per-IP page limit (1009); its limiter unreachable (1001). */
export const PAGE_REFUSALS = [1001, 1009] as const;
export type PageRefusal = (typeof PAGE_REFUSALS)[number];

/**
 * The page with the refusal first in its head, ahead of the early script, which reads it
 * to skip the key generation (boot/early-keygen.ts); undefined for a page with no head.
 */
export function withPageRefusal(html: string, code: PageRefusal): string | undefined {
  const head = /<head(?:\s[^>]*)?>/.exec(html);
  if (!head) return undefined;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}<meta name="${PAGE_REFUSAL_META}" content="${code}">${html.slice(at)}`;
}

/** The code the server refused this load with, if it did. */
export function readPageRefusal(doc: Pick<Document, 'querySelector'>): PageRefusal | undefined {
  const code = Number(doc.querySelector<HTMLMetaElement>(`meta[name="${PAGE_REFUSAL_META}"]`)?.content);
  return PAGE_REFUSALS.find((c) => c === code);
}
