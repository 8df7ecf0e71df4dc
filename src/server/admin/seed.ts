import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DurableStores } from '../stores/types.js';
import { demoLocalhostOrigin, demoPageOrigin, type DemoCredentials } from '../../shared/demo-credentials.js';
import { AdminRefusal, createApiKey, createCard, createMerchant, updateMerchant, type CreateCardInput } from './commands.js';
import { seedDemoTransactions } from './demo-transactions.js';

export const DEMO_MERCHANT_NAME = 'Cardveil Demo Shop';

const DEMO_CARDS: { label: string; card: Omit<CreateCardInput, 'merchantId'> }[] = [
  { label: 'Visa', card: { type: 'physical', pan: '4000056655665556', cvv: '737', expiry: '03/30', pin: '384951' } },
  { label: 'Mastercard', card: { type: 'virtual', pan: '5555555555554444', cvv: '318', expiry: '11/29' } },
];

export function demoCredentialsPath(): string {
  return resolve(process.env.DEMO_CREDENTIALS ?? './data/demo-credentials.json');
}

/**
 * - `created: true`: a new demo merchant, its API secret shown this once;
 * - `new_api_key: true`: the store's demo merchant, found by name without a credentials file
 *   naming it, given a fresh API key (secret shown this once);
 * - otherwise the merchant the credentials file names, its secret left out.
 */
export type SeedResult =
  | (DemoCredentials & { created: true })
  | (DemoCredentials & { created: false; new_api_key: true })
  | (Omit<DemoCredentials, 'api_secret'> & { created: false });

/**
 * Creates the demo merchant (whitelisting the demo page's origin) with a physical
 * card that has a PIN and a virtual card, each with a few weeks of transactions, through
 * the admin commands. Idempotent:
 * - when the credentials file names a merchant the store knows, nothing is created but the
 *   current demo origin, when missing from its whitelist, and the demo transactions
 *   of a card that has none;
 * - when it does not (file deleted, or written for another store), a merchant of the demo
 *   name is reused rather than doubled: it gets a fresh API key and the file is rewritten.
 *   Its earlier keys stay enabled, their secrets gone with the old file: disable them with
 *   `key:update ak_… --status disabled` if they may have been copied elsewhere.
 * Like merchant:create, the API secret is printed once, when it is made; later runs leave
 * it out (it stays in the owner-readable credentials file), so it does not end up in logs.
 */
export async function seedDemo(stores: DurableStores): Promise<SeedResult> {
  const file = demoCredentialsPath();
  const origin = demoPageOrigin(process.env);
  const stale = demoLocalhostOrigin(process.env);
  const saved = existsSync(file) ? readCredentials(file) : undefined;
  if (saved && (await stores.merchants.get(saved.merchant_id))) {
    await whitelist(stores, saved.merchant_id, origin, stale);
    // A store seeded before the transactions panel existed gets its demo activity now.
    await seedDemoTransactions(
      stores,
      saved.cards.map((c) => c.card_id),
    );
    const current = withCurrentLabels(saved);
    if (current !== saved) writeOwnerOnly(file, JSON.stringify(current, null, 2) + '\n');
    // a copy restored or moved with looser rights is the owner's alone again: it holds the API secret
    else chmodSync(file, 0o600);
    const { api_secret: _secret, ...shown } = current;
    return { ...shown, created: false };
  }

  const found = await stores.merchants.findByName(DEMO_MERCHANT_NAME);
  if (found) await whitelist(stores, found.id, origin, stale);
  // a new key for the demo merchant found: its fence, if an operator set one, is kept (key:create's rule)
  const { merchant_id, api_key, api_secret } = found
    ? await createApiKey(stores, found.id)
    : await createMerchant(stores, { name: DEMO_MERCHANT_NAME, origins: [origin], modes: ['embed', 'hosted'], pciDisplay: true });
  const out: DemoCredentials = { merchant_id, api_key, api_secret, cards: await demoCards(stores, merchant_id) };
  await seedDemoTransactions(
    stores,
    out.cards.map((c) => c.card_id),
  );
  writeOwnerOnly(file, JSON.stringify(out, null, 2) + '\n');
  return found ? { ...out, created: false, new_api_key: true } : { ...out, created: true };
}

/**
 * The saved credentials with each demo card named as the seed names it now (a file written
 * before the cards were named by brand said 'Physical Visa'); the same object when nothing changed.
 */
function withCurrentLabels(saved: DemoCredentials): DemoCredentials {
  const labelOf = (type: string) => DEMO_CARDS.find((d) => d.card.type === type)?.label;
  const cards = saved.cards.map((c) => ({ ...c, label: labelOf(c.type) ?? c.label }));
  return cards.every((c, i) => c.label === saved.cards[i]!.label) ? saved : { ...saved, cards };
}

/**
 * Adds `origin` to the merchant's whitelist where it lacks it, keeping the ones it has, but
 * for `stale` (the localhost origin earlier seeds added): dropped unless it is `origin` now.
 */
async function whitelist(stores: DurableStores, merchantId: string, origin: string, stale: string): Promise<void> {
  const current = (await stores.merchants.get(merchantId))?.origins ?? [];
  const kept = current.filter((o) => o !== stale || o === origin);
  const missing = kept.includes(origin) ? [] : [origin];
  if (missing.length > 0 || kept.length < current.length)
    await updateMerchant(stores, merchantId, { origins: [...kept, ...missing] });
}

/** The merchant's demo cards, the ones it already holds (same type and last four) reused. */
async function demoCards(stores: DurableStores, merchantId: string): Promise<DemoCredentials['cards']> {
  const held = await stores.cards.listByMerchant(merchantId);
  const cards: DemoCredentials['cards'] = [];
  for (const { label, card } of DEMO_CARDS) {
    const last4 = card.pan.slice(-4);
    const existing = held.find((c) => c.type === card.type && c.last4 === last4);
    const cardId = existing?.id ?? (await createCard(stores, { merchantId, ...card })).card_id;
    cards.push({ card_id: cardId, label, type: card.type, last4 });
  }
  return cards;
}

/**
 * Writes `file` readable by its owner only, whatever was there: a new file renamed over it,
 * since writing in place keeps an existing file's mode, however loose.
 */
function writeOwnerOnly(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  try {
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/**
 * The saved credentials. JSON.parse's own error quotes the text around the fault, which in
 * this file can be the API secret, and the CLI prints the error: so it is not passed on.
 */
function readCredentials(file: string): DemoCredentials {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as DemoCredentials;
  } catch {
    throw new AdminRefusal(1001, `${file} is not valid JSON: fix or delete it (seed then issues a new API key)`);
  }
}
