import type { KeyObject } from 'node:crypto';
import type { CardField } from '../../shared/fields.js';
import type { CardPlaintext, Envelope } from '../../shared/envelope.js';
import type { CardSecrets } from '../stores/types.js';
import { sealEnvelope } from './envelope.js';

/**
 * Builds the session's envelopes holding only the granted fields: `card` for PAN,
 * expiry and CVV, `pin` alone in its own, so a frame granted `cvv` never receives a PAN.
 */
export function sealCardEnvelopes(
  publicKey: KeyObject,
  sessionId: string,
  fields: readonly CardField[],
  secrets: CardSecrets,
): { card?: Envelope; pin?: Envelope } {
  const card: CardPlaintext = {};
  if (fields.includes('pan')) card.pan = secrets.pan;
  if (fields.includes('expiry')) {
    card.exp_month = secrets.exp_month;
    card.exp_year = secrets.exp_year;
  }
  if (fields.includes('cvv')) card.cvv = secrets.cvv;
  const out: { card?: Envelope; pin?: Envelope } = {};
  if (Object.keys(card).length > 0) out.card = sealEnvelope(publicKey, sessionId, 'card', card);
  if (fields.includes('pin') && secrets.pin) out.pin = sealEnvelope(publicKey, sessionId, 'pin', { pin: secrets.pin });
  return out;
}
