import { createHash } from 'node:crypto';
import { copyText, stateCopyFor } from '../../shared/state-copy.js';
import { errorMessage, isErrorCode } from '../../shared/error-codes.js';
import { langTag, type Locale } from '../../shared/locale.js';
import { errorPageCsp } from './csp.js';
import { escapeHtml } from '../../shared/html.js';

const STYLE = `body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif;color:#1a1f36;background:#fff}main{max-width:28rem;margin:0 auto;padding:24px}h1{font-size:17px;margin:0 0 8px}p{margin:0 0 12px;color:#3c4257}small{color:#6b7385}@media (prefers-color-scheme:dark){body{background:#14161f;color:#eef0f6}p{color:#c3c8d4}small{color:#9aa1b1}}`;

const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The error pages' inline code, each piece allowed by its hash rather than 'unsafe-inline'. */
const STYLE_HASH = sha256Source(STYLE);

/**
 * On /hosted an error page stands where the app would have run, the token still in the
 * fragment and unspent (a 429, a missing build): it must leave the address bar at once all
 * the same (DESIGN §6), as must one put in the query by mistake. A web view told to load the
 * next card's hosted URL, which differs only in its fragment, stays in this document: given a
 * token there, the page loads itself anew, so that it leaves the bar too and the app, if it can
 * now be served, takes it (as boot/early-hosted.ts does). The one script an error page may carry.
 */
const STRIP_FRAGMENT = [
  "var q=new URLSearchParams(location.search);q.delete('token');q=''+q;",
  "history.replaceState(null,'',location.pathname+(q?'?'+q:''));",
  "addEventListener('hashchange',function(){new URLSearchParams(location.hash.slice(1)).has('token')&&location.reload()})",
].join('');
const STRIP_FRAGMENT_HASH = sha256Source(STRIP_FRAGMENT);

/**
 * A page the server answers instead of the frame when the request cannot be served
 * (opened outside its frame, unknown merchant): the same state, localized, with the
 * same `data-state` / `data-error-code` hooks the frame app uses, and the policy that
 * allows exactly the inline code it carries. `stripFragment`: it stands at /hosted.
 */
export function errorPage(
  code: number,
  locale: Locale,
  frameAncestors: readonly string[],
  { stripFragment = false } = {},
): { html: string; csp: string } {
  return {
    html: renderErrorPage(code, locale, stripFragment),
    csp: errorPageCsp(STYLE_HASH, frameAncestors, stripFragment ? STRIP_FRAGMENT_HASH : undefined),
  };
}

function renderErrorPage(code: number, locale: Locale, stripFragment: boolean): string {
  // the page has no Retry button: its words name none
  const copy = copyText(stateCopyFor(code), locale);
  const label = locale === 'zh_CN' ? '错误代码' : 'Error code';
  const dev = isErrorCode(code) ? errorMessage(code, locale) : '';
  return `<!doctype html>
<html lang="${langTag(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(copy.title)}</title>${stripFragment ? `<script>${STRIP_FRAGMENT}</script>` : ''}<style>${STYLE}</style></head>
<body><main id="root" data-state="error" data-error-code="${code}" role="alert"><h1>${escapeHtml(copy.title)}</h1><p>${escapeHtml(copy.detailWithoutRetry ?? copy.detail)}</p><small title="${escapeHtml(dev)}">${label} ${code}</small></main></body></html>`;
}
