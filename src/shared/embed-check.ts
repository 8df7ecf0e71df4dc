import type { Localized } from './locale.js';
import type { StateCopy } from './state-copy.js';

/**
 * `GET /api/v1/pci/display/embed-check?merchant_id&locale` (DESIGN §6): may the calling
 * page's Origin embed this merchant's frame? The answer also carries, in both
 * languages, every word the SDK may show in its container when no frame can, so the
 * SDK bundles none of them (its 2.4 KB budget) and they are written once, in
 * state-copy.ts.
 *
 * Allowed: `{code: 0, msg, data: {allowed: true, title, copy: {timeout}, code_label}}`.
 * Refused: `{code, msg, data: {copy: {[code]}, code_label}}` with code 1013, 1015, 1021
 * or 1022. A failed check (network, proxy page) carries no copy: the SDK shows the code.
 */
export interface EmbedCheckData {
  allowed?: true;
  /** the iframe's accessible name */
  title?: Localized;
  /** the container's text: under `timeout` for the 1001s (no hello, no token), else under the code */
  copy: Record<string, Localized<StateCopy>>;
  /** printed before the code in small print: "Error code " */
  code_label: Localized;
}

/** The codes that mean the frame will never work on this page; anything else proves nothing. */
export const EMBED_REFUSALS = [1013, 1015, 1021, 1022] as const;

/**
 * Those of them that the frame cannot show itself, so the SDK shows them in the container:
 * the browser refuses to render /embed for a page outside the whitelist (1015), and for a
 * merchant it does not know (1021, whose page allows no parent). The others (PCI display
 * off, the merchant frozen) the frame shows as its own states, as DESIGN §7 lists them.
 */
export const FRAME_CANNOT_SHOW = [1015, 1021] as const;

/** The key of the copy for a 1001 the SDK raises itself (frame timeout, no token). */
export const TIMEOUT_COPY = 'timeout';
