/**
 * Content-Security-Policy of the frame pages (DESIGN §6): scripts, styles and fetches
 * from our own origin only, nothing inline without this response's nonce, no plugins,
 * no <base>, no form posts, and framing decided per page: the merchant's whitelist for
 * /embed, nobody for /hosted.
 */
export function frameCsp(frameAncestors: readonly string[], nonce: string): string {
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  return [
    "default-src 'self'",
    // The page's own tags carry this response's nonce, and what they import is trusted
    // through them ('strict-dynamic'); 'self' is only for browsers without CSP3.
    `script-src 'nonce-${nonce}' 'strict-dynamic' 'self'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // DOM XSS sinks (innerHTML and friends) refuse strings: the frame never needs them.
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

export function errorPageCsp(styleHash: string, frameAncestors: readonly string[], scriptHash?: string): string {
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  const script = scriptHash ? `; script-src ${scriptHash}` : '';
  return `default-src 'none'; style-src ${styleHash}${script}; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`;
}

/**
 * A static file's (an asset, the favicon): opened by itself as a document, as an SVG can
 * be, it may draw itself and nothing more, and no one may frame it.
 */
export const STATIC_FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
