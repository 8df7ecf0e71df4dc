import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The demo's stand-in for the merchant's own sign-in: opening a page signs the visitor
 * in as the demo cardholder (a demo has no passwords). What a real backend keeps is the
 * shape: the cardholder comes from a session cookie the browser cannot read or forge,
 * never from the request body. The cookie names the cardholder and its expiry, signed
 * with a key that lives only in this process, so a restart signs everyone out.
 */
export const SESSION_COOKIE = 'demo_session';
const SESSION_SECONDS = 8 * 3600;

export interface Sessions {
  /** the Set-Cookie value that signs this cardholder in */
  signIn(cardholderId: string): string;
  /** the signed-in cardholder's id, if the Cookie header carries a valid, unexpired session */
  cardholderOf(cookieHeader: string | undefined): string | undefined;
}

export function createSessions(key: Buffer, now: () => number = Date.now): Sessions {
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();

  return {
    signIn(cardholderId) {
      const payload = `${cardholderId}.${now() + SESSION_SECONDS * 1000}`;
      const value = `${payload}.${mac(payload).toString('base64url')}`;
      // HttpOnly: page scripts (and XSS) cannot read it. SameSite=Strict: other sites'
      // requests do not carry it. Not Secure only because the demo is served over http.
      return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}`;
    },
    cardholderOf(cookieHeader) {
      const value = readCookie(cookieHeader, SESSION_COOKIE);
      const [cardholderId, expires, signature, ...rest] = value?.split('.') ?? [];
      if (!cardholderId || !expires || !signature || rest.length > 0) return undefined;
      const expected = mac(`${cardholderId}.${expires}`);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      return Number(expires) > now() ? cardholderId : undefined;
    },
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
