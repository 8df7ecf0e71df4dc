import { useEffect, useSyncExternalStore } from 'react';
import type { CardSummary } from '../../shared/api.js';
import { CARD_FIELDS, groupOf, type CardField, type DisplayMode } from '../../shared/fields.js';
import type { Locale } from '../../shared/locale.js';
import { createCardVault, type CardVault } from '../crypto/card-vault.js';
import { discardPrivateKey, type FrameKeyPair } from '../crypto/keypair.js';
import { DisplayFailure } from './display-failure.js';
import { exchangeSession } from './display-client.js';
import { createOnceStore, type Outcome } from './once-store.js';

export interface SessionRequest {
  token: string;
  mode: DisplayMode;
  /** embed only: the origin that sent `init` */
  parentOrigin?: string;
  /** what the merchant page asked to show; the token's grant is the upper bound */
  fields?: readonly CardField[];
}

/** A live display session: what the UI may show, and the keys to show it. */
export interface DisplaySession {
  id: string;
  expiresAt: number;
  /** granted ∩ requested, in display order */
  fields: CardField[];
  card: CardSummary;
  vault: CardVault;
}

/**
 * Exchange, then unwrap at once so that a reveal later costs only an AES open. The key
 * pair was started at boot; awaiting it here overlaps its generation with the handshake.
 */
export async function openDisplaySession(
  request: SessionRequest,
  keyPair: Promise<FrameKeyPair>,
  locale: Locale,
): Promise<DisplaySession> {
  const pair = await keyPair.catch(() => {
    throw new DisplayFailure(1001, 'keygen');
  });
  const { data, clockOffsetMs } = await exchangeSession(
    {
      client_access_token: request.token,
      mode: request.mode,
      ...(request.parentOrigin ? { parent_origin: request.parentOrigin } : {}),
      public_key: pair.publicKey,
    },
    locale,
  );
  const fields = CARD_FIELDS.filter((f) => data.fields.includes(f) && (!request.fields || request.fields.includes(f)));
  const groups = [...new Set(fields.map(groupOf))];
  if (!pair.privateKey) throw new DisplayFailure(1001, 'keygen');
  const vault = createCardVault(pair.privateKey, data.session_id, data.envelopes, groups);
  discardPrivateKey(pair);
  // expires_at is on the server's clock; a device clock minutes off must not end the
  // session at once, nor keep it past its end.
  const expiresAt = Date.parse(data.expires_at) - clockOffsetMs;
  return { id: data.session_id, expiresAt, fields, card: data.card, vault };
}

// One store for the page's lifetime: whatever React mounts twice, a token is presented once.
const sessions = createOnceStore<DisplaySession>();
const PENDING: Outcome<DisplaySession> = { status: 'pending' };

/**
 * The exchange, keyed by the token. Started from an effect; StrictMode's second run
 * finds the key taken. Deliberately no AbortSignal: aborting a request the server
 * may already have spent the token on would strand the view.
 */
export function useDisplaySession(
  request: SessionRequest | undefined,
  keyPair: Promise<FrameKeyPair>,
  locale: Locale,
): Outcome<DisplaySession> {
  const token = request?.token;
  useEffect(() => {
    // Re-runs on a locale change too, and finds the token's key taken: no second exchange.
    if (request) sessions.run(request.token, () => openDisplaySession(request, keyPair, locale));
  }, [request, keyPair, locale]);
  return useSyncExternalStore(sessions.subscribe, () => (token ? sessions.get(token) : undefined) ?? PENDING);
}
