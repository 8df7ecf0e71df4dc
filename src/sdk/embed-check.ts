import { DISPLAY_ROUTES } from '../shared/api.js';
import type { Locale } from '../shared/locale.js';
import type { StateCopy } from '../shared/state-copy.js';

/** A refusal as the container shows it: the server's `msg`, in `locale`, is the title. */
export type EmbedRefusal = StateCopy & { code: number };

/**
 * Codes that mean "this frame will never work on this page" (DESIGN §6). Anything else
 * (1009, 1001, a proxy's 404 page) proves nothing, and must not take down a frame that
 * may well be working.
 */
const REFUSALS = [1013, 1015, 1021, 1022];

/**
 * A frame whose parent origin is not whitelisted is refused by the browser itself
 * (CSP frame-ancestors): it never says hello, and the parent cannot see why. So the SDK
 * asks the server, while the frame loads, with a simple CORS GET (no custom header, so
 * no preflight; no credentials) that reveals nothing secret. Resolves to the refusal,
 * or to undefined when allowed or when the check itself failed: the hello timeout
 * still protects then.
 */
export function checkEmbed(origin: string, merchantId: string, locale: Locale): Promise<EmbedRefusal | undefined> {
  return fetch(`${origin}${DISPLAY_ROUTES.embedCheck}?${new URLSearchParams({ merchant_id: merchantId, locale })}`, {
    mode: 'cors',
    credentials: 'omit',
  })
    .then((res) => res.json())
    .then(
      (body: { code?: number; msg?: unknown } | null) =>
        REFUSALS.includes(body?.code as number) ? { code: body!.code!, title: `${body!.msg ?? ''}`, detail: '' } : undefined,
      () => undefined,
    );
}
