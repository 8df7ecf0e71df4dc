import Fastify from 'fastify';
import { createMerchantClient } from '../../src/demo/server/merchant-client.js';
import { DISPLAY_ORIGIN, MERCHANT_PORT, STRANGER_PORT } from './env.js';
import { MERCHANT_PAGE_SCRIPT } from './merchant-page-script.js';

/**
 * A merchant integration written from DESIGN.md alone: its own backend mints tokens with
 * its own API credentials (created by the admin CLI in global setup), and its page loads
 * the SDK from the display server. The same app listens on a whitelisted port and on a
 * port nobody whitelisted, to play an attacker's page.
 */
const merchant = JSON.parse(process.env.E2E_MERCHANT!) as { api_key: string; api_secret: string };
const client = createMerchantClient(DISPLAY_ORIGIN, merchant);

async function start(port: number) {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ ok: true }));
  // ?csp=no-frames plays a merchant whose own CSP forgot to allow the display origin in frame-src;
  // ?sdk=esm one that imports the SDK's module build rather than loading its script.
  app.get('/page', async (req, reply) => {
    const query = req.query as { csp?: string; sdk?: string };
    // a module runs after parsing, as the page script at the end of <body> does
    const [head, tail] =
      query.sdk === 'esm'
        ? [
            '',
            `<script type="module">import * as Cardveil from '${DISPLAY_ORIGIN}/sdk/v1/cardveil.mjs'; window.Cardveil = Cardveil; await import('/page.js');</script>`,
          ]
        : [`<script src="${DISPLAY_ORIGIN}/sdk/v1/cardveil.js"></script>`, '<script src="/page.js"></script>'];
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .header('Content-Security-Policy', query.csp === 'no-frames' ? "frame-src 'none'" : 'frame-src *')
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><title>Merchant</title>${head}</head>` +
          `<body><h1>My card</h1><div id="card"></div>${tail}</body></html>`,
      );
  });
  app.get('/blank', async (_req, reply) => reply.type('text/html').send('<!doctype html><title>blank</title><body></body>'));
  app.get('/page.js', async (_req, reply) => reply.type('text/javascript').send(MERCHANT_PAGE_SCRIPT));
  // The backend binds each token to the page that asked for it, unless a test plays a
  // merchant that mints for one origin and presents elsewhere.
  app.post('/token', async (req) => {
    const body = req.body as {
      card_id: string;
      fields: string[];
      mode?: 'embed' | 'hosted';
      parent_origin?: string;
      locale?: string;
    };
    const mode = body.mode ?? 'embed';
    return client.mint({
      card_id: body.card_id,
      fields: body.fields as never,
      mode,
      locale: body.locale === 'zh_CN' ? 'zh_CN' : 'en_US',
      ...(mode === 'embed' ? { parent_origin: body.parent_origin ?? String(req.headers.origin) } : {}),
    });
  });
  await app.listen({ port, host: '::', ipv6Only: false });
}

await Promise.all([start(MERCHANT_PORT), start(STRANGER_PORT)]);
