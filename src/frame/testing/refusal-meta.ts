import { PAGE_REFUSAL_META } from '../../shared/page-refusal.js';

/**
 * `document.querySelector` as the refusal meta's readers call it (shared/page-refusal.ts), on
 * a page whose meta holds `content` as the server writes it (`1009;42`), or none. For tests.
 */
export const refusalQuery =
  (content?: string) =>
  (selector: string): Pick<HTMLMetaElement, 'content'> | null =>
    content !== undefined && selector === `meta[name="${PAGE_REFUSAL_META}"]` ? { content } : null;
