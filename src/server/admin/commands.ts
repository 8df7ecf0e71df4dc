import { randomBytes } from 'node:crypto';
import type { CardType, DisplayMode } from '../../shared/fields.js';
import { CARD_TYPES, MODES } from '../../shared/fields.js';
import type { ErrorCode } from '../../shared/error-codes.js';
import { ApiError } from '../errors.js';
import { isOrigin } from '../../shared/origin.js';
import { isCidr } from '../http/ip-allow.js';
import { newId } from '../crypto/tokens.js';
import type { ApiKey, AuditEntry, CardStatus, KeyFence, Merchant, MerchantStatus, DurableStores } from '../stores/types.js';
import { brandOf, luhnValid, parseExpiry, pinFormatValid } from './card-data.js';
import { parseExactInstant, parseTransaction } from './transaction-data.js';
import { ceilMs, isLongerThan } from '../instant.js';

/**
 * The operations behind the admin CLI (DESIGN §8), also used by the demo seed and the
 * tests, so every merchant and card enters the store through the same checks.
 */
export interface CreateMerchantInput {
  name: string;
  origins: string[];
  modes?: DisplayMode[];
  pciDisplay?: boolean;
  ipAllow?: string[];
}

export async function createMerchant(stores: DurableStores, input: CreateMerchantInput) {
  if (!input.name.trim()) throw new ApiError(1004, 'name');
  // DESIGN §8: a merchant without an origin could only ever be refused (1015).
  if (input.origins.length === 0) throw new ApiError(1004, 'origin');
  const origins = unique(input.origins);
  checkOrigins(origins);
  const modes = unique(input.modes ?? ['embed', 'hosted']);
  checkModes(modes);
  const ipAllow = input.ipAllow ?? [];
  checkIpAllow(ipAllow);
  const merchant: Merchant = {
    id: newId('mch'),
    name: input.name.trim(),
    status: 'active',
    pciDisplay: input.pciDisplay ?? true,
    modes,
    origins,
  };
  // one write: a merchant left without its key could only be mended by a second command
  const key = newApiKey(merchant.id, ipAllow);
  await stores.merchants.create(merchant, key);
  return credentialsOf(key);
}

const newApiKey = (merchantId: string, ipAllow: string[]): ApiKey => ({
  apiKey: `ak_${randomBytes(16).toString('hex')}`,
  merchantId,
  secret: `sk_${randomBytes(32).toString('base64url')}`,
  enabled: true,
  expiresAt: null,
  ipAllow,
});

const credentialsOf = (k: ApiKey) => ({ merchant_id: k.merchantId, api_key: k.apiKey, api_secret: k.secret });

/**
 * Another key for an existing merchant: how a key is rotated. The new key works at once and
 * the old one keeps working until `key:update` disables it, so a merchant's backend can move
 * over without a gap. Access-Tokens follow their key (routes/client-access-tokens.ts).
 *
 * Without `ipAllow`, the new key keeps the IP allow-list its merchant's keys share: a rotation
 * must not quietly lift the fence around the secret. The answer says which list it got.
 */
export async function createApiKey(stores: DurableStores, merchantId: string, ipAllow?: string[], now = Date.now()) {
  if (ipAllow) checkIpAllow(ipAllow);
  if (!(await stores.merchants.get(merchantId))) throw new ApiError(1021);
  const fence = ipAllow ?? sharedFence(await stores.merchants.keyFences(merchantId), now);
  // its secret is in this answer and nowhere else in clear
  const key = newApiKey(merchantId, fence);
  await stores.merchants.createApiKey(key);
  return { ...credentialsOf(key), ip_allow: fence };
}

/**
 * The allow-list the merchant's usable keys (enabled, not expired) share, or, with none usable,
 * all its keys: a key disabled first and replaced after keeps its fence too. Refused when they
 * differ, since which one the new key replaces is not guessed.
 */
function sharedFence(keys: KeyFence[], now: number): string[] {
  const usable = keys.filter((k) => k.enabled && (k.expiresAt === null || k.expiresAt > now));
  const lists = new Map((usable.length ? usable : keys).map((k) => [JSON.stringify([...k.ipAllow].sort()), k.ipAllow]));
  if (lists.size > 1) {
    throw new AdminRefusal(1004, "the merchant's keys have different IP allow-lists: give the new key's with --ip (or --ip any)");
  }
  return [...lists.values()][0] ?? [];
}

export interface UpdateApiKeyInput {
  enabled?: boolean;
  /** ms since the epoch; null: never */
  expiresAt?: number | null;
  /** CIDRs; empty: any address */
  ipAllow?: string[];
}

/**
 * Disables, re-enables, dates or re-fences one API key. The change holds for the key's
 * Access-Tokens already issued too: each use re-checks the key. The secret is never printed.
 */
export async function updateApiKey(stores: DurableStores, apiKey: string, input: UpdateApiKeyInput) {
  if (input.ipAllow) checkIpAllow(input.ipAllow);
  const updated = await stores.merchants.updateApiKey(apiKey, input);
  if (!updated) throw new ApiError(1008);
  return {
    api_key: updated.apiKey,
    merchant_id: updated.merchantId,
    enabled: updated.enabled,
    expires_at: updated.expiresAt === null ? null : new Date(updated.expiresAt).toISOString(),
    ip_allow: updated.ipAllow,
  };
}

export interface UpdateMerchantInput {
  pciDisplay?: boolean;
  status?: MerchantStatus;
  origins?: string[];
  modes?: DisplayMode[];
}

export async function updateMerchant(stores: DurableStores, id: string, input: UpdateMerchantInput) {
  const patch = {
    ...input,
    ...(input.origins ? { origins: unique(input.origins) } : {}),
    ...(input.modes ? { modes: unique(input.modes) } : {}),
  };
  if (patch.origins) checkOrigins(patch.origins);
  if (patch.modes) checkModes(patch.modes);
  // given at all, even empty, it must be one of the two: '' would reach the store's CHECK as a 1001
  if (patch.status !== undefined && patch.status !== 'active' && patch.status !== 'frozen') throw new ApiError(1004, 'status');
  const updated = await stores.merchants.update(id, patch);
  if (!updated) throw new ApiError(1021);
  return {
    merchant_id: updated.id,
    name: updated.name,
    status: updated.status,
    pci_display: updated.pciDisplay,
    modes: updated.modes,
    origins: updated.origins,
  };
}

export interface CreateCardInput {
  merchantId: string;
  type: CardType;
  pan: string;
  cvv: string;
  expiry: string;
  pin?: string;
  status?: CardStatus;
}

export async function createCard(stores: DurableStores, input: CreateCardInput) {
  const merchant = await stores.merchants.get(input.merchantId);
  if (!merchant) throw new ApiError(1021);
  if (!(CARD_TYPES as readonly string[]).includes(input.type)) throw new ApiError(1004, 'type');
  const pan = input.pan.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(pan) || !luhnValid(pan)) throw new ApiError(1004, 'pan');
  const brand = brandOf(pan);
  if (!(brand === 'amex' ? /^\d{4}$/ : /^\d{3}$/).test(input.cvv)) throw new ApiError(1004, 'cvv');
  const expiry = parseExpiry(input.expiry);
  if (!expiry) throw new ApiError(1004, 'expiry');
  if (input.pin !== undefined) {
    if (input.type !== 'physical') throw new ApiError(4017);
    if (!pinFormatValid(input.pin)) throw new ApiError(4016);
  }
  const status = input.status ?? 'active';
  if (!['active', 'frozen', 'cancelled'].includes(status)) throw new ApiError(1004, 'status');
  const id = newId('card');
  await stores.cards.create(
    { id, merchantId: merchant.id, type: input.type, status, brand, last4: pan.slice(-4), hasPin: input.pin !== undefined },
    { pan, cvv: input.cvv, ...expiry, ...(input.pin ? { pin: input.pin } : {}) },
  );
  return { card_id: id, brand, last4: pan.slice(-4) };
}

export async function setCardStatus(stores: DurableStores, id: string, status: CardStatus) {
  if (!['active', 'frozen', 'cancelled'].includes(status)) throw new ApiError(1004, 'status');
  if (!(await stores.cards.setStatus(id, status))) {
    // cancelling is for good (the store keeps it so): a card brought back would show its number, CVV and PIN again
    if ((await stores.cards.get(id))?.status === 'cancelled') {
      throw new AdminRefusal(4005, 'a cancelled card stays cancelled: issue a new card instead');
    }
    throw new ApiError(4004);
  }
  return { card_id: id, status };
}

export interface CreateTransactionInput {
  cardId: string;
  /** a decimal in major units, at most the currency's precision: `12.34` USD, `1200` JPY */
  amount: string;
  currency: string;
  merchantName: string;
  status: string;
  /** ISO 8601 with a zone */
  time: string;
}

/** Records a transaction on a card, answered as the display API shows it (amount in minor units). */
export async function createTransaction(stores: DurableStores, input: CreateTransactionInput) {
  const card = await stores.cards.get(input.cardId);
  if (!card) throw new ApiError(4004);
  const t = parseTransaction(input);
  const id = newId('txn');
  await stores.transactions.create({ id, cardId: card.id, ...t });
  return {
    transaction_id: id,
    card_id: card.id,
    amount: t.amount,
    currency: t.currency,
    merchant_name: t.merchantName,
    status: t.status,
    time: new Date(t.time).toISOString(),
  };
}

/** The most entries one `audit` prints; a log beyond it is refused, never cut short. */
export const AUDIT_READ_LIMIT = 10_000;

/**
 * A refusal the CLI explains beyond the platform's text: `reason` says what to do instead
 * (the nearest platform code plus a reason, as for any local condition).
 */
export class AdminRefusal extends ApiError {
  constructor(
    code: ErrorCode,
    readonly reason: string,
  ) {
    super(code);
  }
}

/**
 * The audit log in time order, from `since` (inclusive) to `until` (exclusive). An auditor
 * reads it as the whole record (PCI DSS 10.2): when more than AUDIT_READ_LIMIT entries
 * match, nothing is printed and the command fails with 1020, naming the instant to split
 * the window at, rather than silently drop entries. Consecutive windows, `--until T` then
 * `--since T`, see every entry exactly once, however large the log.
 */
export async function readAudit(stores: DurableStores, merchantId: string | undefined, since?: number, until?: number) {
  // a mistyped id would read as "nothing happened"; merchants are never deleted, so an
  // unknown one never had an entry
  if (merchantId !== undefined && !(await stores.merchants.get(merchantId))) throw new ApiError(1021);
  const entries = await stores.audit.list({ merchantId, since, until, limit: AUDIT_READ_LIMIT + 1 });
  if (entries.length > AUDIT_READ_LIMIT) {
    const next = new Date(entries[AUDIT_READ_LIMIT]!.at).toISOString();
    throw new AdminRefusal(
      1020,
      `more than ${AUDIT_READ_LIMIT} entries match; narrow with --merchant, or read in parts: --until ${next}, then --since ${next}`,
    );
  }
  return entries.map((e: AuditEntry) => ({
    at: new Date(e.at).toISOString(),
    action: e.action,
    outcome: e.outcome,
    merchant_id: e.merchantId,
    card_id: e.cardId,
    card_last4: e.cardLast4,
    session_id: e.sessionId,
    field: e.field,
    origin: e.origin,
    ip: e.ip,
    actor: e.actor ?? null,
  }));
}

/**
 * How far behind the clock the audit log is whole. An entry is dated when its request starts,
 * on the clock of the instance that served it (instances may disagree by up to 5 minutes,
 * stores/scaled), and written up to a request's life later (15 s, and a failed store's waits):
 * a read ending after now − this may miss an entry written after it, which a window starting
 * where it ended would not see either.
 */
export const AUDIT_SETTLE_MS = 6 * 60_000;

/** What `audit` adds on stderr when its window reaches past the settled log; undefined when it does not. */
export function unsettledAuditNote(until: number | undefined, now: number): string | undefined {
  const settled = now - AUDIT_SETTLE_MS;
  if (until !== undefined && until <= settled) return undefined;
  const from = new Date(Math.floor(settled)).toISOString();
  return `Entries dated from ${from} on may still be written: for the whole record, read from there again later`;
}

/**
 * `audit --since/--until` as readAudit's window: read to their last digit, refused (1019)
 * unless until is after since, as a window that could hold nothing would print [] and read as
 * "nothing happened"; then rounded up to the millisecond the log keeps.
 */
export function auditWindow(since?: string, until?: string): [number | undefined, number | undefined] {
  const from = since === undefined ? undefined : parseExactInstant(since, 'since');
  const to = until === undefined ? undefined : parseExactInstant(until, 'until');
  if (from && to && !isLongerThan(from, to, 0)) throw new AdminRefusal(1019, '--until must be after --since');
  return [from && ceilMs(from), to && ceilMs(to)];
}

/** `--modes embed,embed` is stored once, in the order given. */
const unique = <T>(values: T[]): T[] => [...new Set(values)];

/** An API key's IP allow-list: CIDRs only. */
function checkIpAllow(ipAllow: string[]) {
  if (!ipAllow.every(isCidr)) throw new ApiError(1004, 'ip');
}

function checkOrigins(origins: string[]) {
  if (!origins.every(isOrigin)) throw new ApiError(1004, 'origin');
}

function checkModes(modes: string[]): asserts modes is DisplayMode[] {
  if (modes.length === 0 || !modes.every((m) => (MODES as readonly string[]).includes(m))) throw new ApiError(1004, 'modes');
}
