import type { TransactionKey } from './types.js';

/**
 * The wire form of a keyset position: opaque to the frame (base64url), checked strictly
 * on the way back in. It holds a time and a transaction id, nothing about the card; a
 * cursor from another card or range only moves the start of a query that stays bound
 * to the session's card and the requested range.
 */
const KEY = /^(\d{1,16})\.(txn_[A-Za-z0-9_-]{1,64})$/;

export function encodeCursor(key: TransactionKey): string {
  return Buffer.from(`${key.time}.${key.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): TransactionKey | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const m = KEY.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { time: Number(m[1]), id: m[2]! } : null;
}
