import { describe, expect, it } from 'vitest';
import { createSessions, SESSION_COOKIE } from './session.js';

const KEY = Buffer.alloc(32, 7);
const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;

describe('demo sessions', () => {
  it('signs a cardholder in with an HttpOnly, SameSite=Strict cookie the next request carries', () => {
    const sessions = createSessions(KEY);
    const setCookie = sessions.signIn('ch_demo');
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(sessions.cardholderOf(`theme=dark; ${cookieOf(setCookie)}`)).toBe('ch_demo');
  });

  it('ends a session when it expires', () => {
    let now = 1_000_000;
    const sessions = createSessions(KEY, () => now);
    const cookie = cookieOf(sessions.signIn('ch_demo'));
    now += 8 * 3600_000;
    expect(sessions.cardholderOf(cookie)).toBeUndefined();
  });

  const valid = cookieOf(createSessions(KEY).signIn('ch_demo'));
  const [id, expires, mac] = valid.slice(SESSION_COOKIE.length + 1).split('.');
  it.each([
    ['no Cookie header', undefined],
    ['no session cookie', 'theme=dark'],
    ['another cardholder under the same signature', `${SESSION_COOKIE}=ch_other.${expires}.${mac}`],
    ['a later expiry under the same signature', `${SESSION_COOKIE}=${id}.${Number(expires) + 1}.${mac}`],
    ['no signature', `${SESSION_COOKIE}=${id}.${expires}`],
    ['an extra part', `${valid}.x`],
    ['a cookie signed by another process', cookieOf(createSessions(Buffer.alloc(32, 8)).signIn('ch_demo'))],
  ])('signs nobody in from %s', (_name, header) => {
    expect(createSessions(KEY).cardholderOf(header)).toBeUndefined();
  });
});
