import { EMBED_CHECK_ROUTE } from '../shared/api.js';
import type { EmbedCheckData } from '../shared/embed-check.js';
import type { Settings } from './options.js';

/** The server's answer as it came: read with optional chaining only, it may be anything. */
export type EmbedCheck = { code?: unknown; data?: Partial<EmbedCheckData> } | null | undefined;

/**
 * A frame whose parent origin is not whitelisted is refused by the browser itself
 * (CSP frame-ancestors): it never says hello, and the parent cannot see why. So the SDK
 * asks the server, while the frame loads, with a simple CORS GET that reveals nothing
 * secret. fetch's defaults make it one: mode `cors`, no custom header (so no preflight),
 * and credentials only to the page's own origin, which the display's never is (the
 * `credentials: 'omit'` this once spelled out cost 14 B of the SDK's budget). The
 * answer also brings the words the container may show (shared/embed-check.ts). Resolves
 * to undefined when the check itself failed: the hello timeout still protects then,
 * showing the code only.
 */
export function checkEmbed(s: Settings): Promise<EmbedCheck> {
  // written out like the frame's URL (frame.ts): nothing in it needs escaping
  return fetch(`${s.origin}${EMBED_CHECK_ROUTE}?merchant_id=${s.merchantId}&locale=${s.locale}`)
    .then((res) => res.json() as Promise<EmbedCheck>)
    .catch(() => undefined);
}
