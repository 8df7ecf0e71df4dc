import type { CardField, CardType, DisplayMode } from '../../shared/fields.js';

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

export interface ClientToken {
  merchantId: string;
  cardId: string;
  fields: CardField[];
  mode: DisplayMode;
  parentOrigin: string | null;
  expiresAt: number;
}

export interface DisplaySession {
  id: string;
  merchantId: string;
  cardId: string;
  fields: CardField[];
  mode: DisplayMode;
  parentOrigin: string | null;
  expiresAt: number;
}

export interface AuditEntry {
  at: number;
  action: 'mint' | 'exchange' | 'reveal' | 'hide' | 'copy';
  outcome: number;
  merchantId: string | null;
  cardId: string | null;
  cardLast4: string | null;
  sessionId: string | null;
  field: string | null;
  origin: string | null;
  ip: string | null;
}

export interface MerchantStore {
  create(m: Merchant): Promise<void>;
  get(id: string): Promise<Merchant | null>;
  update(id: string, patch: Partial<Omit<Merchant, 'id'>>): Promise<Merchant | null>;
  createApiKey(k: ApiKey): Promise<void>;
  getApiKey(apiKey: string): Promise<ApiKey | null>;
  findByName(name: string): Promise<Merchant | null>;
}

export interface CardStore {
  create(card: Card, secrets: CardSecrets): Promise<void>;
  get(id: string): Promise<Card | null>;
  secrets(id: string): Promise<CardSecrets | null>;
  listByMerchant(merchantId: string): Promise<Card[]>;
  setStatus(id: string, status: CardStatus): Promise<boolean>;
}

/** Short-lived, single-use or expiring records: tokens, nonces, sessions. */
export interface EphemeralStore {
  putAccessToken(hash: string, merchantId: string, expiresAt: number): Promise<void>;
  getAccessToken(hash: string, now: number): Promise<string | null>;
  putClientToken(hash: string, token: ClientToken): Promise<void>;
  /** Marks the token used and returns it, exactly once across all callers; null when unknown or used. */
  consumeClientToken(hash: string, now: number): Promise<ClientToken | null>;
  /** Records a nonce; false when it was seen before in its scope. */
  rememberNonce(scope: string, nonce: string, expiresAt: number): Promise<boolean>;
  putSession(s: DisplaySession): Promise<void>;
  getSession(id: string, now: number): Promise<DisplaySession | null>;
  /** Drops everything expired; returns how many rows went. */
  purgeExpired(now: number): Promise<number>;
}

export interface AuditStore {
  record(e: AuditEntry): Promise<void>;
  list(filter: { merchantId?: string; since?: number; limit?: number }): Promise<AuditEntry[]>;
}

export interface Stores {
  merchants: MerchantStore;
  cards: CardStore;
  ephemeral: EphemeralStore;
  audit: AuditStore;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
