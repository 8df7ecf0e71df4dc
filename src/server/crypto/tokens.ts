import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { drawRandom } from './random-pool.js';

/** An opaque bearer secret: a readable prefix and 256 bits of randomness, base64url. */
export function newSecret(prefix: string): string {
  return `${prefix}_${drawRandom(32).toString('base64url')}`;
}

/** A public identifier: unguessable but shorter than a secret. */
export function newId(prefix: string): string {
  return `${prefix}_${drawRandom(12).toString('base64url')}`;
}

/** Tokens are stored only as this hash, so a database leak yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * How a display session is stored and audited: the hash of the id the frame holds (a bearer
 * value: the events and transactions routes take it alone), so neither a store snapshot nor
 * the audit trail hands out a live session. The same id always gives the same key, so the
 * trail still ties a session's exchange to its reveals.
 */
export const sessionKey = (sessionId: string): string => hashToken(sessionId);

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256Hex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** Constant-time comparison of two hex strings. */
export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
