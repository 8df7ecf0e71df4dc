import { skipToken, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { CardSummary } from '../../shared/api.js';
import { CARD_FIELDS, groupOf, type CardField, type DisplayMode } from '../../shared/fields.js';
import type { Locale } from '../../shared/locale.js';
import { createCardVault, type CardVault } from '../crypto/card-vault.js';
import { discardPrivateKey, type FrameKeyPair } from '../crypto/keypair.js';
import { DisplayFailure } from './display-failure.js';
import { exchangeSession } from './display-client.js';

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

// Belt and braces with the query defaults: this page presents a token at most once.
const presented = new Set<string>();

/**
 * Exchange, then unwrap at once so that a reveal later costs only an AES open. The key
 * pair was started at boot; awaiting it here overlaps its generation with the handshake.
 */
export async function openDisplaySession(
  request: SessionRequest,
  keyPair: Promise<FrameKeyPair>,
  locale: Locale,
): Promise<DisplaySession> {
  if (presented.has(request.token)) throw new DisplayFailure(1014, 'token_reused');
  const pair = await keyPair.catch(() => {
    throw new DisplayFailure(1001, 'keygen');
  });
  presented.add(request.token);
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

/**
 * The exchange as a query keyed by the token: StrictMode's double mount and any
 * re-render share the one request. Deliberately no AbortSignal: aborting a request the
 * server may already have consumed the token for would strand the view.
 */
export function useDisplaySession(
  request: SessionRequest | undefined,
  keyPair: Promise<FrameKeyPair>,
  locale: Locale,
): UseQueryResult<DisplaySession, Error> {
  return useQuery({
    queryKey: ['display-session', request?.token],
    queryFn: request ? () => openDisplaySession(request, keyPair, locale) : skipToken,
  });
}
