import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify from 'fastify';
import { z } from 'zod';
import { GRANTABLE_FIELDS, MODES } from '../../shared/fields.js';
import { LOCALES } from '../../shared/locale.js';
import type { DemoCredentials } from '../../shared/demo-credentials.js';
import { createMerchantClient } from './merchant-client.js';
import { renderDemoPage, renderReactPage } from './page.js';

/**
 * The demo merchant: its own origin (DEMO_PORT, default 8788), its own backend holding
 * the API credentials. It mints a token per view for the card the visitor picked, bound
 * to the page's own origin, and serves a page that mounts the SDK.
 */
const port = Number(process.env.DEMO_PORT ?? 8788);
const host = process.env.DEMO_HOST ?? '127.0.0.1';
const displayOrigin = process.env.PUBLIC_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const credsFile = resolve(process.env.DEMO_CREDENTIALS ?? './data/demo-credentials.json');

let creds: DemoCredentials;
try {
  creds = JSON.parse(readFileSync(credsFile, 'utf8')) as DemoCredentials;
} catch {
  process.stderr.write(`No demo credentials at ${credsFile}: run "npm run admin -- seed" (npm start does it for you).\n`);
  process.exit(1);
}
const merchant = createMerchantClient(displayOrigin, creds);
const allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
const dist = resolve(process.env.DEMO_DIST ?? './dist/demo');

const tokenBody = z.object({
  card_id: z.string().min(1),
  fields: z.array(z.enum(GRANTABLE_FIELDS)).min(1),
  mode: z.enum(MODES).default('embed'),
  locale: z.enum(LOCALES).default('en_US'),
});

const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
const pageCsp = [
  "default-src 'self'",
  `script-src 'self' ${displayOrigin}`,
  `frame-src ${displayOrigin}`,
  `connect-src 'self' ${displayOrigin}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

// The shop's two pages (script tag, React) and their built scripts.
const pages = { '/': renderDemoPage, '/react': renderReactPage };
for (const [path, render] of Object.entries(pages)) {
  app.get(path, async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', pageCsp)
      .header('Cache-Control', 'no-store')
      .send(render(creds, displayOrigin)),
  );
}
for (const script of ['demo-page.js', 'react-page.js']) {
  app.get(`/${script}`, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').send(readFileSync(resolve(dist, script))),
  );
}
app.get('/demo.css', async (_req, reply) =>
  reply.type('text/css; charset=utf-8').send(readFileSync(new URL('../client/demo.css', import.meta.url))),
);

// Only this merchant's own pages may ask for a token, and the token is bound to that page's origin.
app.post('/api/card-view-token', async (req, reply) => {
  const origin = req.headers.origin;
  if (!origin || !allowedOrigins.has(origin) || req.headers['sec-fetch-site'] === 'cross-site') {
    return reply.code(403).send({ error: 'forbidden' });
  }
  const parsed = tokenBody.safeParse(req.body);
  if (!parsed.success) return reply.code(400).send({ error: 'bad request' });
  const { mode, ...rest } = parsed.data;
  const result = await merchant.mint({ ...rest, mode, ...(mode === 'embed' ? { parent_origin: origin } : {}) });
  return reply.header('Cache-Control', 'no-store').send(result);
});

await app.listen({ port, host });
app.log.info(`Demo merchant on http://${host}:${port} (display server ${displayOrigin})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
