/**
 * Writes the fixed envelope vectors that both sides test against: sealed here by the
 * server's own code, opened in src/frame by node-forge. Run once; the output is
 * committed so a change on either side that breaks the wire format fails a test.
 *   npx tsx scripts/make-envelope-vectors.ts
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { sealEnvelope } from '../src/server/crypto/envelope.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
const sessionId = 'ses_testvector0000000000001';
const card = { pan: '4242424242424242', exp_month: '12', exp_year: '2030', cvv: '123' };
const pin = { pin: '246810' };

const vectors = {
  note: 'Test-only key pair and card data. Sealed by src/server/crypto/envelope.ts.',
  private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
  public_key_spki_b64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  session_id: sessionId,
  plaintext: { card, pin },
  envelopes: {
    card: sealEnvelope(publicKey, sessionId, 'card', card),
    pin: sealEnvelope(publicKey, sessionId, 'pin', pin),
  },
};
writeFileSync('src/shared/test-vectors/envelope-v1.json', JSON.stringify(vectors, null, 2) + '\n');
console.log('wrote src/shared/test-vectors/envelope-v1.json');
