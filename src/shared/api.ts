import type { CardField, CardType, DisplayMode } from './fields.js';
import type { Envelope } from './envelope.js';

/** Every API answer (DESIGN §3): HTTP 200, the body's `code` decides. */
export type ApiResponse<T> = { code: 0; msg: string; data: T } | { code: number; msg: string; data?: undefined };

export const DISPLAY_ROUTES = {
  sessions: '/api/v1/pci/display/sessions',
  events: '/api/v1/pci/display/events',
  embedCheck: '/api/v1/pci/display/embed-check',
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
  fields: CardField[];
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
