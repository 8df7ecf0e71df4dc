import type { EnvelopeGroup } from './fields.js';

/**
 * Hybrid envelope (DESIGN §5): a fresh AES-256-GCM key encrypts the JSON payload and
 * is wrapped with RSA-OAEP (SHA-256 for both OAEP and MGF1) to the frame's ephemeral
 * public key. The AAD binds the ciphertext to one session and one group, so a `pin`
 * envelope cannot be replayed as `card`, nor one session's envelope in another.
 */
export const ENVELOPE_ALG = 'RSA-OAEP-256+A256GCM';
export const AES_KEY_BYTES = 32;
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export interface Envelope {
  alg: typeof ENVELOPE_ALG;
  /** base64: the RSA-OAEP-wrapped 32-byte AES key */
  ek: string;
  /** base64: 12-byte GCM nonce */
  iv: string;
  /** base64: ciphertext */
  ct: string;
  /** base64: 16-byte GCM tag */
  tag: string;
  /** `<session_id>.<group>` */
  aad: string;
}

export function envelopeAad(sessionId: string, group: EnvelopeGroup): string {
  return `${sessionId}.${group}`;
}

/** What the `card` envelope holds: only the granted fields are present. */
export interface CardPlaintext {
  pan?: string;
  exp_month?: string;
  exp_year?: string;
  cvv?: string;
}

export interface PinPlaintext {
  pin: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Checks an envelope's shape at the door, field by field. Returns the envelope typed,
 * or null: the caller turns every failure into the same decryption-failed state so
 * that no detail becomes an oracle.
 */
export function parseEnvelope(value: unknown): Envelope | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.alg !== ENVELOPE_ALG) return null;
  for (const key of ['ek', 'iv', 'ct', 'tag'] as const) {
    const field = v[key];
    if (typeof field !== 'string' || field.length === 0 || field.length > 16_384 || !BASE64.test(field)) {
      return null;
    }
  }
  if (typeof v.aad !== 'string' || v.aad.length > 256) return null;
  return { alg: ENVELOPE_ALG, ek: v.ek as string, iv: v.iv as string, ct: v.ct as string, tag: v.tag as string, aad: v.aad };
}
