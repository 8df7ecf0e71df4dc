import type { DataCipher } from '../crypto/data-key.js';
import {
  StoreRefusal,
  type AuditEntry,
  type Card,
  type CardSecrets,
  type CardTransaction,
  type SealedCard,
  type TransactionKey,
} from './types.js';

/**
 * Row shapes and their mapping to records, shared by the SQLite and PostgreSQL stores:
 * both schemas use the same snake_case columns. Booleans differ only in kind (SQLite
 * 0/1, PostgreSQL true/false), which the mappers accept either way.
 */
export interface AuditRow {
  at: number;
  action: AuditEntry['action'];
  outcome: number;
  merchant_id: string | null;
  card_id: string | null;
  card_last4: string | null;
  session_id: string | null;
  field: string | null;
  origin: string | null;
  ip: string | null;
  actor: string | null;
}

/**
 * A list column's parameter: JSON text (SQLite stores it as TEXT; pg would turn a JS array
 * into a PostgreSQL array, not JSONB), or null for "keep the stored value" in an update.
 */
export const jsonList = (value: readonly unknown[] | undefined): string | null =>
  value === undefined ? null : JSON.stringify(value);

/** An audit read's open end: the latest instant a JavaScript Date can hold. */
export const END_OF_TIME = 8.64e15;

export const AUDIT_COLUMNS = 'at, action, outcome, merchant_id, card_id, card_last4, session_id, field, origin, ip, actor';

/**
 * The auditor's reads of the log in time order, `?` (SQLite) or `$n` (PostgreSQL): one
 * merchant's, on the index (merchant_id, at), or everyone's, on (at, id) (migration "audit log by time").
 */
export const auditReads = (mark: (n: number) => string) => ({
  byMerchant: `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE merchant_id = ${mark(1)} AND at >= ${mark(2)} AND at < ${mark(3)} ORDER BY at, id LIMIT ${mark(4)}`,
  all: `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE at >= ${mark(1)} AND at < ${mark(2)} ORDER BY at, id LIMIT ${mark(3)}`,
});

/** One placeholder per audit column, for an INSERT: `?` (SQLite) or `$n` (PostgreSQL). */
export const auditPlaceholders = (mark: (n: number) => string) =>
  AUDIT_COLUMNS.split(',')
    .map((_c, i) => mark(i + 1))
    .join(', ');

export const toAuditEntry = (r: AuditRow): AuditEntry => ({
  at: r.at,
  action: r.action,
  outcome: r.outcome,
  merchantId: r.merchant_id,
  cardId: r.card_id,
  cardLast4: r.card_last4,
  sessionId: r.session_id,
  field: r.field,
  origin: r.origin,
  ip: r.ip,
  actor: r.actor,
});

/**
 * The caller's own words in an entry (the origin a page claimed, the forwarded address)
 * lose their control characters: PostgreSQL refuses U+0000 outright, which would lose the
 * row, and a terminal reading the log should not meet escape sequences.
 */
const printable = (text: string | null) => text && text.replace(/\p{Cc}/gu, '');

/** The audit columns of an entry, in AUDIT_COLUMNS order, for an INSERT. */
export const auditValues = (e: AuditEntry): (string | number | null)[] => [
  e.at,
  e.action,
  e.outcome,
  e.merchantId,
  e.cardId,
  e.cardLast4,
  e.sessionId,
  e.field,
  printable(e.origin),
  printable(e.ip),
  printable(e.actor ?? null),
];

export interface CardRow {
  id: string;
  merchant_id: string;
  type: Card['type'];
  status: Card['status'];
  brand: string;
  last4: string;
  has_pin: number | boolean;
}

export const CARD_COLUMNS = 'id, merchant_id, type, status, brand, last4, has_pin';

export const toCard = (r: CardRow): Card => ({
  id: r.id,
  merchantId: r.merchant_id,
  type: r.type,
  status: r.status,
  brand: r.brand,
  last4: r.last4,
  hasPin: r.has_pin === true || r.has_pin === 1,
});

export interface TransactionRow {
  id: string;
  card_id: string;
  amount: number;
  currency: string;
  merchant_name: string;
  status: CardTransaction['status'];
  time: number;
}

export const TRANSACTION_COLUMNS = 'id, card_id, amount, currency, merchant_name, status, time';

const toTransaction = (r: TransactionRow): CardTransaction => ({
  id: r.id,
  cardId: r.card_id,
  amount: r.amount,
  currency: r.currency,
  merchantName: r.merchant_name,
  status: r.status,
  time: r.time,
});

/**
 * A keyset page from rows fetched with `LIMIT limit + 1`: the extra row, never shown, says
 * whether another page exists without a COUNT; the last shown row is where it continues.
 */
export function transactionPage(
  rows: TransactionRow[],
  limit: number,
): { items: CardTransaction[]; next: TransactionKey | null } {
  const items = rows.slice(0, limit).map(toTransaction);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { time: last.time, id: last.id } : null };
}

/*
 * Sealed columns: AES-256-GCM under the data key, with the row's own id as AAD (`card:<id>`,
 * `api_key:<key>`), so a blob copied to another row does not open.
 */
export const sealCardSecrets = (cipher: DataCipher, cardId: string, secrets: CardSecrets): Buffer =>
  cipher.seal(JSON.stringify(secrets), `card:${cardId}`);

const openCardSecrets = (cipher: DataCipher, cardId: string, blob: Buffer): CardSecrets =>
  JSON.parse(cipher.open(blob, `card:${cardId}`)) as CardSecrets;

/**
 * A card row read with its `secrets_enc`. The blob is opened under the id of the row it
 * came from: moved onto another row, it fails to authenticate.
 */
export const toSealedCard = (cipher: DataCipher, r: CardRow & { secrets_enc: Buffer }): SealedCard => ({
  card: toCard(r),
  open: () => openCardSecrets(cipher, r.id, r.secrets_enc),
});

export const sealApiSecret = (cipher: DataCipher, apiKey: string, secret: string): Buffer =>
  cipher.seal(secret, `api_key:${apiKey}`);

export const openApiSecret = (cipher: DataCipher, apiKey: string, blob: Buffer): string => cipher.open(blob, `api_key:${apiKey}`);

/** A sealed card and API key of a store (any one of each), and its key check, as its family reads them, for checkDataKey. */
export interface SealedSamples {
  card?: { id: string; secrets_enc: Buffer };
  apiKey?: { api_key: string; secret_enc: Buffer };
  keyCheck?: Buffer;
}

/** What a store's key check seals, under its own record id: only the key that made the store opens it. */
const KEY_CHECK = { text: 'cardveil data key', record: 'store:data_key_check' };

/** The key check a store keeps from its first opening on (table data_key_check). */
export const sealKeyCheck = (cipher: DataCipher): Buffer => cipher.seal(KEY_CHECK.text, KEY_CHECK.record);

/**
 * Refuses a data key that does not open what the store holds: a changed CARDVEIL_DATA_KEY
 * or a lost dev-data.key. Without this check the server would start and report healthy,
 * then answer every access-token request 1001 and spend every token it was shown before
 * failing on the card. A store records the first key that opens it (its key check), so an
 * empty one refuses another key too: an operator's shell without CARDVEIL_DATA_KEY cannot
 * seal a first merchant's secret with a dev key the server does not hold.
 */
export function checkDataKey(cipher: DataCipher, samples: SealedSamples): void {
  try {
    if (samples.keyCheck && cipher.open(samples.keyCheck, KEY_CHECK.record) !== KEY_CHECK.text) throw new Error('key check');
    if (samples.card) openCardSecrets(cipher, samples.card.id, samples.card.secrets_enc);
    if (samples.apiKey) openApiSecret(cipher, samples.apiKey.api_key, samples.apiKey.secret_enc);
  } catch {
    throw new StoreRefusal(
      samples.card || samples.apiKey
        ? 'The data key does not open what this store holds: set the CARDVEIL_DATA_KEY it was made with (or restore dev-data.key)'
        : 'The data key is not the one this store was made with (it holds no cards or API keys yet): set the CARDVEIL_DATA_KEY it was made with (or restore dev-data.key); if it was made with the wrong key, start it afresh (a new SQLite file, or an empty data_key_check table)',
    );
  }
}
