import { MERCHANT_ROUTES, SIGNATURE_HEADERS } from '../../../shared/merchant-signature.js';

/**
 * The display server's merchant API as the demo's backend sees it, in memory: it issues
 * Access-Tokens, honours only those it still holds, and mints for them. `forgetAccessTokens()`
 * plays Redis restarting empty; `answerNextMints` scripts refusals.
 */
export function createFakeDisplay(origin = 'http://display.test') {
  const held = new Set<string>();
  const seenAccessTokens: (string | null)[] = [];
  let issued = 0;
  let accessTokenAnswer: object | undefined;
  const scripted: object[] = [];

  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    if (url.origin !== origin) throw new TypeError('fetch failed');
    if (url.pathname === MERCHANT_ROUTES.accessToken) {
      if (accessTokenAnswer) return Response.json(accessTokenAnswer);
      const token = `mat_${++issued}`;
      held.add(token);
      return Response.json({ code: 0, msg: 'Success', data: { access_token: token, expires_in: 7200 } });
    }
    if (url.pathname === MERCHANT_ROUTES.clientAccessTokens) {
      const token = headers.get(SIGNATURE_HEADERS.accessToken);
      seenAccessTokens.push(token);
      const next = scripted.shift();
      if (next) return Response.json(next);
      if (!token) return Response.json({ code: 1006, msg: 'Access-Token is required' });
      if (!held.has(token)) return Response.json({ code: 1007, msg: 'Access-Token invalid or expired' });
      const body = JSON.parse(String(init?.body)) as { mode: string };
      return Response.json({
        code: 0,
        msg: 'Success',
        data: {
          client_access_token: `cat_${seenAccessTokens.length}`,
          expires_at: '2030-01-01T00:00:00.000Z',
          ...(body.mode === 'hosted' ? { hosted_url: `${origin}/hosted#token=cat_${seenAccessTokens.length}` } : {}),
        },
      });
    }
    return new Response('<h1>Not found</h1>', { status: 404, headers: { 'Content-Type': 'text/html' } });
  };

  return {
    origin,
    fetch: fetch as typeof globalThis.fetch,
    /** how many Access-Tokens were issued */
    issued: () => issued,
    /** the Access-Token each mint presented, in order */
    mints: () => seenAccessTokens,
    forgetAccessTokens: () => held.clear(),
    refuseAccessTokens: (answer: { code: number; msg: string }) => {
      accessTokenAnswer = answer;
    },
    answerNextMints: (...answers: { code: number; msg: string }[]) => {
      scripted.push(...answers);
    },
  };
}
