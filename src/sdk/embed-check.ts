import { DISPLAY_ROUTES } from '../shared/api.js';
import type { EmbedCheckData } from '../shared/embed-check.js';
import type { Locale } from '../shared/locale.js';

/** The server's answer as it came: read with optional chaining only, it may be anything. */
export type EmbedCheck = { code?: unknown; data?: Partial<EmbedCheckData> } | null | undefined;

/**
 * A frame whose parent origin is not whitelisted is refused by the browser itself
 * (CSP frame-ancestors): it never says hello, and the parent cannot see why. So the SDK
 * asks the server, while the frame loads, with a simple CORS GET (no custom header, so
 * no preflight; no credentials) that reveals nothing secret. The answer also brings
 * the words the container may show (shared/embed-check.ts). Resolves to undefined when
 * the check itself failed: the hello timeout still protects then, showing the code only.
 */
export function checkEmbed(origin: string, merchantId: string, locale: Locale): Promise<EmbedCheck> {
  return fetch(`${origin}${DISPLAY_ROUTES.embedCheck}?${new URLSearchParams({ merchant_id: merchantId, locale })}`, {
    mode: 'cors',
    credentials: 'omit',
  })
    .then((res) => res.json() as Promise<EmbedCheck>)
    .catch(() => undefined);
}
