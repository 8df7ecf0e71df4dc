import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { demoHost, demoLocalhostOrigin, demoPageOrigin, demoPort, type DemoCredentials } from '../../shared/demo-credentials.js';
import { ConfigError } from '../../shared/config-error.js';
import { createDemoApp } from './demo-app.js';
import { createMerchantClient } from './merchant-client.js';

/**
 * The demo merchant: its own origin (DEMO_PORT, default 8788), its own backend holding
 * the API credentials. It mints a token per view for a card the signed-in cardholder
 * owns, bound to the page's own origin, and serves pages that mount the SDK.
 */
let port: number;
let pageOrigin: string;
try {
  port = demoPort(process.env);
  pageOrigin = demoPageOrigin(process.env);
} catch (e) {
  // started alone (npm run demo) with a DEMO_PORT or DEMO_HOST it cannot use: the sentence, no stack trace
  process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
  process.exit(1);
}
const host = demoHost(process.env);
// npm start passes the origin the display server derives (HOST=localhost makes it
// http://localhost:PORT); started alone, the demo needs PUBLIC_ORIGIN for any HOST but the default
const displayOrigin = process.env.PUBLIC_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const credsFile = resolve(process.env.DEMO_CREDENTIALS ?? './data/demo-credentials.json');

let creds: DemoCredentials;
try {
  creds = JSON.parse(readFileSync(credsFile, 'utf8')) as DemoCredentials;
} catch {
  process.stderr.write(`No demo credentials at ${credsFile}: run "npm run admin -- seed" (npm start does it for you).\n`);
  process.exit(1);
}

const app = createDemoApp({
  creds,
  displayOrigin,
  // its own origin, and localhost too: the platform refuses a token for that one (1015),
  // which the demo opened there shows, as a merchant not on the whitelist would
  pageOrigins: [pageOrigin, demoLocalhostOrigin(process.env)],
  dist: resolve(process.env.DEMO_DIST ?? './dist/demo'),
  merchant: createMerchantClient(displayOrigin, creds),
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
});

await app.listen({ port, host });
app.log.info(`Demo merchant on ${pageOrigin} (display server ${displayOrigin})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
