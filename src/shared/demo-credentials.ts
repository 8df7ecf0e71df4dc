import type { CardType } from './fields.js';
import { originOf } from './origin.js';
import { invalidConfiguration, parsePort, PORT_RULE } from './config-error.js';

/**
 * The file the demo seed writes (data/demo-credentials.json, owner-readable) and the
 * demo merchant's backend reads: what a real merchant keeps in its secret store.
 */
export interface DemoCredentials {
  merchant_id: string;
  api_key: string;
  api_secret: string;
  cards: { card_id: string; label: string; type: CardType; last4: string }[];
}

type DemoEnv = Readonly<Record<string, string | undefined>>;

/** The port the demo merchant listens on (DEMO_PORT, 8788 by default). */
export function demoPort(env: DemoEnv): number {
  const port = env.DEMO_PORT === undefined ? 8788 : parsePort(env.DEMO_PORT);
  if (port === undefined) throw invalidConfiguration(`DEMO_PORT: ${PORT_RULE}`);
  return port;
}

/** The address the demo merchant listens on (DEMO_HOST, 127.0.0.1 by default). */
export const demoHost = (env: DemoEnv): string => env.DEMO_HOST ?? '127.0.0.1';

/**
 * The demo at `http://localhost:<DEMO_PORT>`: another origin than its own, which DESIGN §1
 * keeps for a merchant that is not allowed. The demo's backend serves it (the platform then
 * refuses its token, 1015); the seed does not whitelist it, and drops it where earlier seeds did.
 */
export const demoLocalhostOrigin = (env: DemoEnv): string => `http://localhost:${demoPort(env)}`;

/**
 * The demo page's origin, as a browser reaches it where the demo listens (DEMO_HOST,
 * DEMO_PORT): what the seed whitelists, what the demo's backend takes a page's requests
 * from, and what `npm start` prints. `http://localhost:8788` is another origin, which
 * DESIGN §1 keeps for a merchant that is not allowed (the demo there shows 1015).
 */
export function demoPageOrigin(env: DemoEnv): string {
  const origin = originOf(demoHost(env), demoPort(env));
  if (origin === undefined) throw invalidConfiguration('DEMO_HOST: cannot make an origin of it');
  return origin;
}
