import { parseRetryAfter } from './retry-after.js';

/**
 * A frame page the server answers when it will not let this load go on: the app itself,
 * told in a `<meta>` of its head to show that state instead of exchanging its token. A
 * hosted page keeps its Close button and tells the native app; an embedded one tells the
 * merchant's page through the SDK at once, instead of staying blank until the SDK gives up
 * on its hello. Neither spends the token, nor makes a key pair.
 */
export const PAGE_REFUSAL_META = 'cardveil-refusal';

/** Over the per-IP page limit (1009); its limiter unreachable (1001). */
export const PAGE_REFUSALS = [1001, 1009] as const;
export type PageRefusal = (typeof PAGE_REFUSALS)[number];

export interface PageRefusalState {
  code: PageRefusal;
  /** a 1009's `Retry-After`, in seconds: the frame's Retry waits it out */
  retryAfter?: number;
}

/**
 * The page with the refusal first in its head, ahead of the early script, which reads it
 * to skip the key generation; undefined for a page with no head. The meta's content is
 * the code, then, for a wait, a semicolon and its seconds: `1009;42`.
 */
export function withPageRefusal(html: string, refusal: PageRefusalState): string | undefined {
  const head = /<head(?:\s[^>]*)?>/.exec(html);
  if (!head) return undefined;
  const at = head.index + head[0].length;
  const content = refusal.retryAfter ? `${refusal.code};${refusal.retryAfter}` : refusal.code;
  return `${html.slice(0, at)}<meta name="${PAGE_REFUSAL_META}" content="${content}">${html.slice(at)}`;
}

/** What the server refused this load with, if it did. */
export function readPageRefusal(doc: Pick<Document, 'querySelector'>): PageRefusalState | undefined {
  const [named, seconds] = (doc.querySelector<HTMLMetaElement>(`meta[name="${PAGE_REFUSAL_META}"]`)?.content ?? '').split(';');
  const code = PAGE_REFUSALS.find((c) => String(c) === named);
  if (code === undefined) return undefined;
  const retryAfter = parseRetryAfter(seconds);
  return retryAfter ? { code, retryAfter } : { code };
}
