import type { CardField, CardType, DisplayMode, GrantableField } from './fields.js';
import type { Envelope } from './envelope.js';

/** Every API answer (DESIGN §3): HTTP 200, the body's `code` decides. */
export type ApiResponse<T> = { code: 0; msg: string; data: T } | { code: number; msg: string; data?: undefined };

/**
 * A merchant's public id: `mch_` and up to 60 more of [A-Za-z0-9_-], 64 characters in all
 * (the admin CLI makes `mch_` and 16). The SDK accepts no other at mount, and the frame
 * pages and the embed check look no other up.
 */
export const MERCHANT_ID = /^mch_[\w-]{1,60}$/;

/** Its own constant as well: the SDK (2.4 KB budget) needs this route alone, not the object. */
export const EMBED_CHECK_ROUTE = '/api/v1/pci/display/embed-check';

export const DISPLAY_ROUTES = {
  sessions: '/api/v1/pci/display/sessions',
  events: '/api/v1/pci/display/events',
  transactions: '/api/v1/pci/display/transactions',
  embedCheck: EMBED_CHECK_ROUTE,
} as const;

/** Fetch Metadata and replay headers the display API requires (DESIGN §5). */
export const NONCE_HEADER = 'X-Nonce';
export const TIMESTAMP_HEADER = 'X-Timestamp';
export const LANGUAGE_HEADER = 'Language';
/** The window within which a timestamp is accepted, and a nonce remembered. */
export const REPLAY_WINDOW_MS = 300_000;

export interface ExchangeRequest {
  client_access_token: string;
  mode: DisplayMode;
  parent_origin?: string;
  /** base64 DER (SPKI) or PEM of the frame's ephemeral RSA key */
  public_key: string;
}

export interface CardSummary {
  brand: string;
  last4: string;
  type: CardType;
}

export interface ExchangeResponse {
  session_id: string;
  expires_at: string;
  /** what the token granted, `transactions` included; envelopes hold only card fields */
  fields: GrantableField[];
  card: CardSummary;
  envelopes: { card?: Envelope; pin?: Envelope };
}

export const AUDIT_EVENTS = ['reveal', 'hide', 'copy'] as const;
export type AuditEventName = (typeof AUDIT_EVENTS)[number];

export interface DisplayEventRequest {
  session_id: string;
  event: AuditEventName;
  field: CardField;
}

export const TRANSACTION_STATUSES = ['pending', 'completed', 'declined', 'refunded'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

/** A page of the transactions list holds at most this many. */
export const TRANSACTIONS_PAGE_SIZE = 20;
/** The longest range one query may span (code 1020 beyond it). */
export const MAX_TRANSACTION_RANGE_DAYS = 90;

/**
 * `POST /api/v1/pci/display/transactions` (DESIGN §5), for sessions granted `transactions`.
 * The range is half-open, [start_time, end_time): end_time not after start_time is 1019.
 */
export interface TransactionsRequest {
  session_id: string;
  /** ISO 8601 with a zone (`Z` or ±hh:mm) */
  start_time: string;
  end_time: string;
  /** `next_cursor` of the previous page; opaque */
  cursor?: string;
}

/** One transaction as the cardholder sees it: never a card number. */
export interface TransactionItem {
  id: string;
  /** an integer in the currency's minor units: 1234 is USD 12.34, JPY 1,234 */
  amount: number;
  /** ISO 4217, upper case */
  currency: string;
  merchant_name: string;
  status: TransactionStatus;
  /** ISO 8601, UTC */
  time: string;
}

/** Newest first; `next_cursor` is null on the last page. */
export interface TransactionsResponse {
  transactions: TransactionItem[];
  next_cursor: string | null;
}
