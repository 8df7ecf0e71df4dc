/**
 * Origins as browsers write them: the display server's own (config), a merchant's whitelist
 * and a token's parent origin (admin CLI, API), the demo page's (its seed and its backend).
 */

/** A DNS name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** http(s)://host[:port], the host a name, an IPv4 address or a bracketed IPv6 address. */
const ORIGIN = /^https?:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/**
 * Whether `value` is exactly an origin (scheme://host[:port]) naming one real host, written
 * as browsers send it. A whitelisted origin becomes a CSP `frame-ancestors` source, where
 * `*`, `https://*.shop.example` or a `;` would allow far more than one site; the URL parser
 * alone lets such hosts through.
 */
export function isOrigin(value: string): boolean {
  const host = ORIGIN.exec(value)?.[1];
  if (host === undefined || !(host.startsWith('[') || HOSTNAME.test(host))) return false;
  try {
    // the form browsers send: lowercase, no default port, IPv4 and IPv6 in their shortest form
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/**
 * The origin browsers reach a server listening on `host:port` at, written as their Origin
 * header writes it (the display API compares the two): an IPv6 address in brackets, no
 * default port, lowercase; a wildcard address as loopback. Undefined when `host` names no
 * single host (a path, userinfo, `*`).
 */
export function originOf(host: string, port: number): string | undefined {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  try {
    const url = new URL(`http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`);
    // anything after the host (`a/b`, `user@host`) would show past the origin
    return url.href === `${url.origin}/` && isOrigin(url.origin) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
