import { userInfo } from 'node:os';
import type { DurableStores } from '../stores/types.js';

/** One admin command that succeeded, as the CLI ran it. */
export interface AdminCommandRun {
  command: string;
  /** the ID after the command's name: a merchant, API key or card */
  id: string | undefined;
  /** `--merchant` and `--card`, where the command took them */
  merchant: string | undefined;
  card: string | undefined;
  /** the options typed, names only: a value may be card data (`--pan`) */
  options: string[];
  /** what the command printed */
  result: unknown;
}

/**
 * The operator, as the machine knows them: the OS user running the CLI, and the one
 * behind sudo when there is one (PCI DSS 10.2.2: each entry names who). SUDO_USER is only
 * sudo's word when the process runs as root; anyone else could have set it.
 */
export function operatorName(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.()): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // a container's user with no passwd entry
    user = `uid ${uid ?? 'unknown'}`;
  }
  const sudo = uid === 0 ? env.SUDO_USER : undefined;
  return sudo && sudo !== user ? `${sudo} (sudo as ${user})` : user;
}

/**
 * Writes an admin command to the audit log (PCI DSS 10.2.1.2 and 10.2.1.3: what an operator
 * changed, merchants, keys and cards, and each read of the log itself): action
 * `admin:<command>`, the merchant, card and API key it was about, the option names in `field`
 * (never a value), and the operator in `actor`. Commands that fail are not written: they
 * changed nothing, and the store may be what failed.
 */
export async function auditAdminCommand(stores: DurableStores, run: AdminCommandRun, actor = operatorName()): Promise<void> {
  const printed = (run.result ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const kind = run.command.split(':')[0];
  const idOf = (k: string) => (kind === k ? run.id : undefined);
  const apiKey = text(printed.api_key) ?? idOf('key');
  const cardId = text(printed.card_id) ?? run.card ?? idOf('card') ?? null;
  // a card's merchant and last digits, for a command that named the card only
  const card = cardId ? await stores.cards.get(cardId) : null;
  const merchantId = text(printed.merchant_id) ?? run.merchant ?? idOf('merchant') ?? card?.merchantId ?? null;
  const field = [...(apiKey ? [`api_key=${apiKey}`] : []), ...new Set(run.options)].join(',');
  await stores.audit.record({
    at: Date.now(),
    action: `admin:${run.command}`,
    outcome: 0,
    merchantId,
    cardId,
    cardLast4: card?.last4 ?? null,
    sessionId: null,
    field: field || null,
    origin: null,
    ip: null,
    actor: `cli:${actor}`,
  });
}
