import { constants, createCipheriv, publicEncrypt, type KeyObject } from 'node:crypto';
import {
  AES_KEY_BYTES,
  ENVELOPE_ALG,
  GCM_IV_BYTES,
  envelopeAad,
  type CardPlaintext,
  type Envelope,
  type PinPlaintext,
} from '../../shared/envelope.js';
import type { EnvelopeGroup } from '../../shared/fields.js';
import { drawRandom } from './random-pool.js';

/**
 * Seals a payload to the frame's public key (DESIGN §5). A fresh AES-256 key and IV per
 * envelope; the key wrapped with RSA-OAEP, SHA-256 for both OAEP and MGF1 (Node uses the
 * OAEP hash for MGF1 too, which is what node-forge is told on the other side).
 */
export function sealEnvelope(
  publicKey: KeyObject,
  sessionId: string,
  group: EnvelopeGroup,
  payload: CardPlaintext | PinPlaintext,
): Envelope {
  // one draw for both; `key` is zeroed below, and the pool zeroed its copy as it handed it out
  const random = drawRandom(AES_KEY_BYTES + GCM_IV_BYTES);
  const key = random.subarray(0, AES_KEY_BYTES);
  const iv = random.subarray(AES_KEY_BYTES);
  const aad = envelopeAad(sessionId, group);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const plaintext = Buffer.from(JSON.stringify(payload), 'utf8');
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  plaintext.fill(0);
  const ek = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key);
  key.fill(0);
  return {
    alg: ENVELOPE_ALG,
    ek: ek.toString('base64'),
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: tag.toString('base64'),
    aad,
  };
}
