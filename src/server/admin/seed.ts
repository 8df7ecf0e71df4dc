import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Stores } from '../stores/types.js';
import type { DemoCredentials } from '../../shared/demo-credentials.js';
import { createCard, createMerchant } from './commands.js';
import { seedDemoTransactions } from './demo-transactions.js';

export const DEMO_MERCHANT_NAME = 'Cardveil Demo Shop';

export function demoCredentialsPath(): string {
  return resolve(process.env.DEMO_CREDENTIALS ?? './data/demo-credentials.json');
}

/**
 * Creates the demo merchant (whitelisting the demo page's two origins) with a physical
 * card that has a PIN and a virtual card, each with a few weeks of transactions, through
 * the admin commands. Idempotent: when the credentials file names a merchant the store
 * knows, nothing is created but the demo transactions of a card that has none.
 * Like merchant:create, the API secret is printed once, when it is made; later runs leave
 * it out (it stays in the owner-readable credentials file), so it does not end up in logs.
 */
export async function seedDemo(
  stores: Stores,
): Promise<(DemoCredentials & { created: true }) | (Omit<DemoCredentials, 'api_secret'> & { created: false })> {
  const file = demoCredentialsPath();
  if (existsSync(file)) {
    const existing = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
    if (await stores.merchants.get(existing.merchant_id)) {
      // A store seeded before the transactions panel existed gets its demo activity now.
      await seedDemoTransactions(
        stores,
        existing.cards.map((c) => c.card_id),
      );
      const { api_secret: _secret, ...shown } = existing;
      return { ...shown, created: false };
    }
  }
  const port = Number(process.env.DEMO_PORT ?? 8788);
  const creds = await createMerchant(stores, {
    name: DEMO_MERCHANT_NAME,
    origins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    modes: ['embed', 'hosted'],
    pciDisplay: true,
  });
  const physical = await createCard(stores, {
    merchantId: creds.merchant_id,
    type: 'physical',
    pan: '4000056655665556',
    cvv: '737',
    expiry: '03/30',
    pin: '384951',
  });
  const virtual = await createCard(stores, {
    merchantId: creds.merchant_id,
    type: 'virtual',
    pan: '5555555555554444',
    cvv: '318',
    expiry: '11/29',
  });
  const out: DemoCredentials = {
    ...creds,
    cards: [
      { card_id: physical.card_id, label: 'Physical Visa', type: 'physical', last4: physical.last4 },
      { card_id: virtual.card_id, label: 'Virtual Mastercard', type: 'virtual', last4: virtual.last4 },
    ],
  };
  await seedDemoTransactions(stores, [physical.card_id, virtual.card_id]);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n', { mode: 0o600 });
  return { ...out, created: true };
}
