import { DISPLAY_ROUTES } from '../shared/api.js';
import type { Locale } from '../shared/locale.js';

/** The refusal, as the container shows it: the server's `msg` (in `locale`) is the title. */
export interface EmbedRefusal {
  code: number;
  title: string;
  detail: string;
}

/**
 * Codes that mean "this frame will never work on this page" (DESIGN §6). Anything else
 * (1009 rate limit, 1001, a proxy's 404) proves nothing, and must not take down a frame
 * that may well be working.
 */
const REFUSALS = [1013, 1015, 1021, 1022];

/**
 * A frame whose parent origin is not whitelisted is refused by the browser itself
 * (CSP frame-ancestors): it never says hello, and the parent cannot see why. So the SDK
 * asks the server, in parallel with the frame loading: a simple CORS GET (no custom
 * header, hence no preflight, no credentials) that reveals nothing secret. Resolves to
 * the refusal, or to undefined when allowed or when the check itself failed: then the
 * hello timeout still protects.
 */
export async function checkEmbed(origin: string, merchantId: string, locale: Locale): Promise<EmbedRefusal | undefined> {
  try {
    const query = new URLSearchParams({ merchant_id: merchantId, locale });
    const res = await fetch(`${origin}${DISPLAY_ROUTES.embedCheck}?${query}`, { mode: 'cors', credentials: 'omit' });
    const body = (await res.json()) as { code?: unknown; msg?: unknown };
    if (REFUSALS.includes(body.code as number)) {
      return { code: body.code as number, title: `${body.msg ?? ''}`, detail: '' };
    }
  } catch {
    // offline, blocked, or not JSON: say nothing rather than guess
  }
  return undefined;
}
