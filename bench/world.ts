import type { ChildProcess } from 'node:child_process';
import { admin, freePort, startDisplayServer, worldEnv, type World } from './servers.js';
import { startPages, type Pages } from './pages.js';
import type { Merchant, MintSpec } from './tokens.js';
import type { CardField } from '../src/shared/fields.js';

/**
 * One display server with a merchant and a physical card (PIN included), and the bench's
 * merchant and baseline pages on two more loopback ports: what every phase of the bench
 * measures against. `npm run bench` opens one; `npm run bench:ab` one per build.
 */
export interface BenchWorld {
  world: World;
  server: ChildProcess;
  pages: Pages;
  merchant: Merchant;
  /** what each Client-Access-Token is minted for */
  spec: MintSpec;
}

/** The card every exchange opens: physical, so that the PIN is sealed in an envelope of its own too. */
const CARD = ['--type', 'physical', '--pan', '4111111111111111', '--cvv', '947', '--expiry', '08/31', '--pin', '592718'];

export async function openBenchWorld(
  tmp: string,
  dists: { frameDist: string; sdkDist: string },
  o: { fields: CardField[]; env?: NodeJS.ProcessEnv; profileDir?: string },
): Promise<BenchWorld> {
  const [displayPort, merchantPort, baselinePort] = [await freePort(), await freePort(), await freePort()];
  const world = worldEnv(tmp, displayPort!, dists);
  Object.assign(world.env, o.env);
  const merchantOrigin = `http://127.0.0.1:${merchantPort}`;
  const merchant = admin(world, ['merchant:create', '--name', 'Bench Merchant', '--origin', merchantOrigin, '--modes', 'embed']);
  const card = admin(world, ['card:create', '--merchant', merchant.merchant_id!, ...CARD]);
  const server = await startDisplayServer(world, o.profileDir);
  const pages = await startPages(world.displayOrigin, merchantPort!, baselinePort!);
  return {
    world,
    server,
    pages,
    merchant: merchant as unknown as Merchant,
    spec: { card_id: card.card_id!, fields: o.fields, parent_origin: merchantOrigin },
  };
}
