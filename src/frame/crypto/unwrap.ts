import { AES_KEY_BYTES, GCM_IV_BYTES, GCM_TAG_BYTES, envelopeAad, parseEnvelope } from '../../shared/envelope.js';
import type { EnvelopeGroup } from '../../shared/fields.js';
import { EnvelopeError } from './envelope-error.js';
import { forge } from './forge.js';
import { rsaOaepDecrypt } from './rsa-oaep.js';
import type { RsaPrivateKey } from './rsa-private-key.js';

/**
 * What the frame keeps of an envelope between reveals: the unwrapped AES key and the
 * still-encrypted payload, as forge binary strings. No plaintext.
 */
export interface SealedPayload {
  key: string;
  iv: string;
  ct: string;
  tag: string;
  /** the AAD the frame expects, UTF-8 encoded: the one GCM authenticates against */
  aad: string;
}

/**
 * Checks an envelope at the door and unwraps its AES key with RSA-OAEP-256. Throws
 * EnvelopeError, and only that, for any problem.
 */
export function unwrapEnvelope(
  privateKey: RsaPrivateKey,
  value: unknown,
  sessionId: string,
  group: EnvelopeGroup,
): SealedPayload {
  const envelope = parseEnvelope(value); // null for a wrong alg or a malformed field
  const aad = envelopeAad(sessionId, group);
  // The AAD binds the envelope to this session and group: a swapped or replayed one stops here.
  if (!envelope || envelope.aad !== aad) throw new EnvelopeError();
  try {
    const key = rsaOaepDecrypt(privateKey, forge.util.decode64(envelope.ek));
    const iv = forge.util.decode64(envelope.iv);
    const tag = forge.util.decode64(envelope.tag);
    if (key.length === AES_KEY_BYTES && iv.length === GCM_IV_BYTES && tag.length === GCM_TAG_BYTES) {
      return { key, iv, tag, ct: forge.util.decode64(envelope.ct), aad: forge.util.encodeUtf8(aad) };
    }
  } catch {
    // RSA and forge throw descriptive errors (padding, length); they must not leak out.
  }
  throw new EnvelopeError();
}
