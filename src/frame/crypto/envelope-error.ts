/**
 * The one failure every envelope problem turns into: bad shape, wrong alg or AAD, bad
 * OAEP padding, bad GCM tag, bad plaintext. Like JWE (RFC 7516 §11.5), the caller
 * learns that opening failed and nothing about where, so no step becomes an oracle.
 */
export class EnvelopeError extends Error {
  constructor() {
    super('The envelope could not be opened');
    this.name = 'EnvelopeError';
  }
}
