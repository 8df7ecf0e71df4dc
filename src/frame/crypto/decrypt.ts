import { EnvelopeError } from './envelope-error.js';
import { forge } from './forge.js';
import type { SealedPayload } from './unwrap.js';

/**
 * Opens a sealed payload with AES-256-GCM and parses its JSON. Called on each reveal or
 * copy, so the plaintext exists only for as long as the caller holds the result.
 */
export function openSealed(sealed: SealedPayload): unknown {
  let text: string;
  try {
    const decipher = forge.cipher.createDecipher('AES-GCM', sealed.key);
    decipher.start({
      iv: sealed.iv,
      additionalData: sealed.aad,
      tagLength: 128,
      tag: forge.util.createBuffer(sealed.tag),
    });
    decipher.update(forge.util.createBuffer(sealed.ct));
    // forge reports a bad tag by returning false, not by throwing; the output is
    // unauthenticated garbage until finish() says true.
    if (!decipher.finish()) throw new EnvelopeError();
    text = forge.util.decodeUtf8(decipher.output.getBytes());
  } catch {
    throw new EnvelopeError();
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EnvelopeError();
  }
}
