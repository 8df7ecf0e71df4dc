import type { CardType, DisplayMode, GrantableField } from '../../shared/fields.js';
import type { TransactionStatus } from '../../shared/api.js';
import type { Redis } from 'ioredis';

/**
 * What the server needs from storage, independent of where it lives. The default
 * family is SQLite; the scaled-out family (Redis for the short-lived, PostgreSQL for
 * the durable) implements the same interfaces. Every method is async for that reason.
 */
export type MerchantStatus = 'active' | 'frozen';
export type CardStatus = 'active' | 'frozen' | 'cancelled';

export interface Merchant {
  id: string;
  name: string;
  status: MerchantStatus;
  pciDisplay: boolean;
  modes: DisplayMode[];
  origins: string[];
}

export interface ApiKey {
  apiKey: string;
  merchantId: string;
  secret: string;
  enabled: boolean;
  expiresAt: number | null;
  ipAllow: string[];
}

export interface CardSecrets {
  pan: string;
  exp_month: string;
  exp_year: string;
  cvv: string;
  pin?: string;
}

export interface Card {
  id: string;
  merchantId: string;
  type: CardType;
  status: CardStatus;
  brand: string;
  last4: string;
  hasPin: boolean;
}

/** A Client-Access-Token lives at most this long after minting (the mint's `ttl_seconds` cap). */
export const CLIENT_TOKEN_MAX_TTL_SECONDS = 600;

/**
 * How long both families keep knowing a Client-Access-Token past its expiry: a late
 * presentation still reads as used or expired under its merchant and card (its audit row,
 * the spent-elsewhere alert), then the purge forgets it (docs/decisions.md).
 */
export const CLIENT_TOKEN_GRACE_MS = 24 * 3600_000;

/**
 * What an Access-Token stands for: the API key that bought it, whose checks (enabled,
 * expiry, IP allow-list) hold on every use, and that key's merchant. `apiKey` is null only
 * for a token issued before keys were kept with it; such a token is refused.
 */
export interface AccessGrant {
  merchantId: string;
  apiKey: string | null;
  expiresAt: number;
}

/** What a Client-Access-Token grants: one card, some fields, one mode and parent origin. */
export interface ClientToken {
  merchantId: string;
  cardId: string;
  fields: GrantableField[];
  mode: DisplayMode;
  parentOrigin: string | null;
  expiresAt: number;
}

/** The grant of a consumed token, carried on by the session it opened (with its own expiry). */
export interface DisplaySession extends ClientToken {
  /**
   * The SHA-256 (base64url) of the session id the frame holds, which is a bearer value (the
   * events and transactions routes take it alone): stored and audited only as its hash, as a
   * client token is. `sessionKey` in crypto/tokens.ts makes it.
   */
  id: string;
}

/** A card's transaction: what the cardholder may see next to the card, no card data. */
export interface CardTransaction {
  id: string;
  cardId: string;
  /** integer minor units of `currency` */
  amount: number;
  currency: string;
  merchantName: string;
  status: TransactionStatus;
  /** Unix ms */
  time: number;
}

/** A position in the newest-first order: the last row of a page. */
export interface TransactionKey {
  time: number;
  id: string;
}

export interface TransactionQuery {
  cardId: string;
  /** Unix ms, inclusive */
  from: number;
  /** Unix ms, exclusive */
  to: number;
  /** continue after this row */
  after?: TransactionKey;
  limit: number;
}

export interface AuditEntry {
  at: number;
  /** a request's, or an operator's admin command (`admin:card:status`: admin/audit-admin.ts) */
  action: 'mint' | 'exchange' | 'reveal' | 'hide' | 'copy' | `admin:${string}`;
  outcome: number;
  merchantId: string | null;
  cardId: string | null;
  cardLast4: string | null;
  sessionId: string | null;
  field: string | null;
  origin: string | null;
  ip: string | null;
  /** who ran an admin command (the admin CLI's operator); none on a request's entry, which merchantId and ip place */
  actor?: string | null;
}

export interface MerchantStore {
  /** With `firstKey`, the merchant and that key are written together or not at all. */
  create(m: Merchant, firstKey?: ApiKey): Promise<void>;
  get(id: string): Promise<Merchant | null>;
  update(id: string, patch: Partial<Omit<Merchant, 'id'>>): Promise<Merchant | null>;
  createApiKey(k: ApiKey): Promise<void>;
  getApiKey(apiKey: string): Promise<ApiKey | null>;
  /** Disables, re-dates or re-scopes a key; its Access-Tokens follow at their next use. Null when unknown. */
  updateApiKey(apiKey: string, patch: Partial<Pick<ApiKey, 'enabled' | 'expiresAt' | 'ipAllow'>>): Promise<ApiKey | null>;
  findByName(name: string): Promise<Merchant | null>;
  /** The standing and IP allow-list of each of a merchant's keys, oldest first; no secret is read. */
  keyFences(merchantId: string): Promise<KeyFence[]>;
}

export type KeyFence = Pick<ApiKey, 'enabled' | 'expiresAt' | 'ipAllow'>;

/** A card read with its secrets still sealed: the caller checks the card, then opens them. */
export interface SealedCard {
  card: Card;
  /** Opens the secrets with the data key; throws when the blob fails to authenticate. */
  open(): CardSecrets;
}

export interface CardStore {
  create(card: Card, secrets: CardSecrets): Promise<void>;
  get(id: string): Promise<Card | null>;
  /** The card and its sealed secrets in one read (the exchange's: one query, not two). */
  getSealed(id: string): Promise<SealedCard | null>;
  listByMerchant(merchantId: string): Promise<Card[]>;
  /** False for an unknown card, and for a cancelled one asked to be anything else: cancelling is for good. */
  setStatus(id: string, status: CardStatus): Promise<boolean>;
}

/**
 * Where a nonce must be unique: across the display API, or across one API key's merchant
 * requests. The scaled-out family keeps the merchant scope durable (stores/scaled).
 */
export const NONCE_SCOPES = {
  display: 'display',
  merchant: (apiKey: string) => `api:${apiKey}`,
  isMerchant: (scope: string) => scope.startsWith('api:'),
};

export type TokenOwner = Pick<ClientToken, 'merchantId' | 'cardId'>;

/**
 * A store that answered and refuses to be used by this process: a schema newer than this
 * build, a data key that does not open its rows. Waiting for it, as for a database still
 * starting, cannot help, so the process stops at once with this sentence.
 */
export class StoreRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreRefusal';
  }
}

/** A build older than the schema (a rolled-back deploy) must not run on tables it does not know. */
export function refuseNewerSchema(newest: number, known: number): void {
  if (newest > known) throw new StoreRefusal(`The database schema is at version ${newest}; this build knows up to ${known}`);
}

/**
 * A token was handed out, but its spend could not be recorded (the scaled family's ledger
 * write failed). The exchange fails (1001) with the token spent, and its audit row, or the
 * log line in its place, still names whose token it was.
 */
export class SpendNotRecorded extends Error {
  constructor(
    readonly owner: TokenOwner,
    options?: ErrorOptions,
  ) {
    super('a handed-out token’s spend was not recorded', options);
    this.name = 'SpendNotRecorded';
  }
}

/** What is kept of a used token: whose it was, and the client address that spent it (null if not kept). */
export type SpentToken = TokenOwner & { spentBy: string | null };

/** Short-lived, single-use or expiring records: tokens, nonces, sessions. */
export interface EphemeralStore {
  putAccessToken(hash: string, grant: AccessGrant): Promise<void>;
  /** The grant of an Access-Token unexpired at `now`; null when unknown or expired. */
  getAccessToken(hash: string, now: number): Promise<AccessGrant | null>;
  putClientToken(hash: string, token: ClientToken): Promise<void>;
  /**
   * Marks the token used and returns it, exactly once across all callers; null when unknown
   * or used. The family keeps `spender` (the client address) with the mark.
   */
  consumeClientToken(hash: string, now: number, spender: string): Promise<ClientToken | null>;
  /**
   * Whose a used token was and who spent it, for a later presentation of it: a token copied
   * from the merchant page and redeemed elsewhere shows up under its merchant and card, and
   * the other address raises an alert. Null when never minted, or purged.
   */
  spentClientToken(hash: string): Promise<SpentToken | null>;
  /** Records a nonce; false when it was seen before in its scope (see NONCE_SCOPES). */
  rememberNonce(scope: string, nonce: string, expiresAt: number): Promise<boolean>;
  putSession(s: DisplaySession): Promise<void>;
  /** `key` is the session id's sessionKey, as `putSession` stored it */
  getSession(key: string, now: number): Promise<DisplaySession | null>;
  /** Drops everything expired; returns how many rows went. */
  purgeExpired(now: number): Promise<number>;
}

/** Card transactions, read newest first ((time, id) descending) with keyset pagination. */
export interface TransactionStore {
  create(t: CardTransaction): Promise<void>;
  /** Up to `limit` rows, and the key to continue after when more remain. */
  list(q: TransactionQuery): Promise<{ items: CardTransaction[]; next: TransactionKey | null }>;
}

export interface AuditStore {
  record(e: AuditEntry): Promise<void>;
  /**
   * Entries at `since` (inclusive) up to `until` (exclusive), in time order (ties by insertion),
   * at most `limit`: a log read in consecutive windows sees every entry exactly once.
   */
  list(filter: { merchantId?: string; since?: number; until?: number; limit?: number }): Promise<AuditEntry[]>;
}

/** The durable stores alone: all the admin CLI works on, so it never needs Redis. */
export type DurableStores = Pick<Stores, 'merchants' | 'cards' | 'audit' | 'transactions' | 'close'>;

export interface Stores {
  merchants: MerchantStore;
  cards: CardStore;
  ephemeral: EphemeralStore;
  audit: AuditStore;
  transactions: TransactionStore;
  /** where rate-limit counters live when every instance must see them; absent: in process */
  rateLimitRedis?: Redis;
  /** true when every backing store answers; /healthz reports it */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
