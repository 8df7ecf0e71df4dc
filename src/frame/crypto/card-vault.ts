import type { ExchangeResponse } from '../../shared/api.js';
import { groupOf, type CardField, type EnvelopeGroup } from '../../shared/fields.js';
import { markStep } from '../boot/marks.js';
import { EnvelopeError } from './envelope-error.js';
import { openSealed } from './decrypt.js';
import { wipePrivateKey, type RsaPrivateKey } from './rsa-private-key.js';
import { unwrapEnvelope, type SealedPayload } from './unwrap.js';

/**
 * Holds a session's unwrapped keys and hands out one field's value at a time. The RSA
 * work happens before any reveal, so a reveal costs only an AES-GCM open (≈0.2 ms) and
 * paints within a frame.
 *
 * Each envelope is unwrapped when it is first asked about. The card view asks in the
 * task right after `ready` (card-view.ts): the masked card needs only the brand and the
 * last four digits, which come in clear, so the ≈ 12–15 ms RSA step of each envelope is
 * off the path to `ready`. The vault owns the private key meanwhile and wipes it after
 * the last unwrap, on wipe(), or at once when it is given no group to unwrap.
 */
export interface CardVault {
  /** false when the group's envelope was missing or failed to unwrap (unwrapping it now if pending) */
  has(group: EnvelopeGroup): boolean;
  /** Decrypts now and returns the raw value (`MM/YY` for the expiry); throws EnvelopeError. */
  read(field: CardField): string;
  /** Forgets every key, the private key too: nothing can be decrypted afterwards. */
  wipe(): void;
}

export function createCardVault(
  privateKey: RsaPrivateKey,
  sessionId: string,
  envelopes: ExchangeResponse['envelopes'],
  groups: readonly EnvelopeGroup[],
): CardVault {
  const sealed = new Map<EnvelopeGroup, SealedPayload>();
  const pending = new Set(groups);
  let key: RsaPrivateKey | null = privateKey;

  const dropKey = (): void => {
    pending.clear();
    if (key) wipePrivateKey(key);
    key = null;
  };
  const unwrap = (group: EnvelopeGroup): void => {
    if (!key || !pending.delete(group)) return;
    try {
      sealed.set(group, unwrapEnvelope(key, envelopes[group], sessionId, group));
    } catch {
      // Left out: the caller shows this group's decryption-failed state.
    }
    if (group === 'card') markStep('unwrapped');
    if (pending.size === 0) dropKey();
  };
  // Nothing to unwrap (a page that asked for no card field, only transactions): the key
  // goes now, not when the session ends.
  if (pending.size === 0) dropKey();

  return {
    has(group) {
      unwrap(group);
      return sealed.has(group);
    },
    read(field) {
      unwrap(groupOf(field));
      const payload = sealed.get(groupOf(field));
      if (!payload) throw new EnvelopeError();
      return pickValue(field, openSealed(payload));
    },
    wipe() {
      sealed.clear();
      dropKey();
    },
  };
}

const DIGITS = { pan: /^\d{12,19}$/, cvv: /^\d{3,4}$/, pin: /^\d{4,12}$/ } as const;

/** Takes one field out of a decrypted payload; anything malformed is the same failure. */
export function pickValue(field: CardField, payload: unknown): string {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  if (field === 'expiry') {
    const month = typeof p.exp_month === 'string' ? p.exp_month.padStart(2, '0') : '';
    const year = typeof p.exp_year === 'string' ? p.exp_year : '';
    // The payload carries a 4-digit year; the card face, and the copy, show two.
    if (/^(0[1-9]|1[0-2])$/.test(month) && /^\d{4}$|^\d{2}$/.test(year)) return `${month}/${year.slice(-2)}`;
  } else {
    const value = p[field];
    if (typeof value === 'string' && DIGITS[field].test(value)) return value;
  }
  throw new EnvelopeError();
}
