/**
 * The exchange's floor: what an exchange would cost if it did only the work no design
 * could leave out. A bare Fastify server (no hooks, no store, no log) with two routes:
 *
 * - `GET /healthz`: a trivial JSON answer, the floor's own trivial route;
 * - `POST` on the exchange's path: the JSON body parsed, the frame's key read
 *   (`parseFramePublicKey`), a session id drawn and the card and PIN sealed to the key
 *   (`sealCardEnvelopes`, two RSA-OAEP wraps and two AES-GCM seals), answered as an
 *   exchange is.
 *
 * Left out: the display guard, body validation, the token's consumption, the merchant and
 * card reads, the four writes, the audit row, the security headers. The bench loads both
 * routes in the same rounds as the real server, so the floor's exchange / healthz ratio says
 * how far any server on this stack could get towards the 25% target (docs/performance.md).
 *
 * Run by the bench: `node --import tsx bench/floor-server.ts` with PORT and HOST.
 */
import Fastify from 'fastify';
import { DISPLAY_ROUTES } from '../src/shared/api.js';
import { CARD_FIELDS } from '../src/shared/fields.js';
import { parseFramePublicKey } from '../src/server/crypto/public-key.js';
import { sealCardEnvelopes } from '../src/server/crypto/card-envelopes.js';
import { newId } from '../src/server/crypto/tokens.js';
import { okBody } from '../src/server/errors.js';

const SECRETS = { pan: '4111111111111111', exp_month: '08', exp_year: '2031', cvv: '947', pin: '592718' };

const app = Fastify({ logger: false });

app.get('/healthz', async () => okBody({ status: 'ok' }, 'en_US'));

app.post(DISPLAY_ROUTES.sessions, async (req, reply) => {
  const key = parseFramePublicKey((req.body as { public_key?: unknown }).public_key);
  if (!key) return reply.code(400).send({ code: 1004 });
  const sessionId = newId('ses');
  return okBody(
    {
      session_id: sessionId,
      expires_at: new Date(Date.now() + 300_000).toISOString(),
      fields: CARD_FIELDS,
      card: { brand: 'visa', last4: '1111', type: 'physical' },
      envelopes: sealCardEnvelopes(key, sessionId, CARD_FIELDS, SECRETS),
    },
    'en_US',
  );
});

await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
