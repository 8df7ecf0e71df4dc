/**
 * Content-Security-Policy of the frame pages (DESIGN §6): scripts, styles and fetches
 * from our own origin only, nothing inline, no plugins, no <base>, no form posts, and
 * framing decided per page: the merchant's whitelist for /embed, nobody for /hosted.
 */
export function frameCsp(frameAncestors: readonly string[]): string {
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

export function errorPageCsp(styleHash: string, frameAncestors: readonly string[]): string {
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  return `default-src 'none'; style-src ${styleHash}; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`;
}
