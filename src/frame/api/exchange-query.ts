import { queryOptions, skipToken, useQuery, type QueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { CardSummary } from '../../shared/api.js';
import { CARD_FIELDS, groupOf, type CardField, type DisplayMode, type GrantableField } from '../../shared/fields.js';
import type { Locale } from '../../shared/locale.js';
import { createCardVault, type CardVault } from '../crypto/card-vault.js';
import { discardPrivateKey, takePrivateKey, type FrameKeyPair } from '../crypto/keypair.js';
import { whenPhase, type FrameHost } from '../bridge/frame-host.js';
import { DisplayFailure } from './display-failure.js';
import { exchangeSession, type ExchangeResult } from './display-client.js';

export interface SessionRequest {
  token: string;
  mode: DisplayMode;
  /** embed only: the origin that sent `init` */
  parentOrigin?: string;
  /** what the merchant page asked to show; the token's grant is the upper bound */
  fields?: readonly GrantableField[];
}

/** A live display session: what the UI may show, and the keys to show it. */
export interface DisplaySession {
  id: string;
  expiresAt: number;
  /** granted ∩ requested, in display order */
  fields: CardField[];
  /** the transactions panel, granted and asked for */
  transactions: boolean;
  card: CardSummary;
  vault: CardVault;
}

/**
 * The frame ends its session this long before the server's expires_at. The clock offset
 * is learned from a Date header (whole seconds, read after the answer crossed the network),
 * so on our clock the server's end can fall up to ≈ 1 s plus the one-way delay later than
 * it is: the frame would still show and copy values, and send audit events the server
 * refuses (1014), after the server had ended the session.
 */
export const SESSION_END_MARGIN_MS = 2000;

// Tokens this page has presented. The query below already runs once per token; this
// keeps "never twice" true even if a later feature calls invalidateQueries() or refetch().
const presented = new Set<string>();

/**
 * The fetch function: the exchange, and the card vault for its answer. The key pair was
 * started at boot; awaiting it here overlaps its generation with the handshake.
 */
export async function openDisplaySession(
  request: SessionRequest,
  keyPair: FrameKeyPair | Promise<FrameKeyPair>,
  locale: Locale,
): Promise<DisplaySession> {
  // The server would answer 1014 too; this way the token does not even leave the page.
  if (presented.has(request.token)) throw new DisplayFailure(1014, 'token_spent');
  presented.add(request.token);
  // A pair in hand goes out without an await: a microtask here would let React first
  // render the update that brought the token, ≈ 35 ms on a cold load.
  const pair =
    keyPair instanceof Promise
      ? await keyPair.catch(() => {
          throw new DisplayFailure(1001, 'keygen');
        })
      : keyPair;
  let exchanged: ExchangeResult;
  try {
    exchanged = await exchangeSession(
      {
        client_access_token: request.token,
        mode: request.mode,
        ...(request.parentOrigin ? { parent_origin: request.parentOrigin } : {}),
        public_key: pair.publicKey,
      },
      locale,
    );
  } catch (error) {
    // One exchange per frame: a refused or lost one leaves the key nothing to unwrap, ever.
    // It is zeroed now, not kept in the pair for the page's life (docs/security.md).
    discardPrivateKey(pair);
    throw error;
  }
  const { data, clockOffsetMs } = exchanged;
  const shown = (f: GrantableField): boolean => data.fields.includes(f) && (!request.fields || request.fields.includes(f));
  const fields = CARD_FIELDS.filter(shown);
  const groups = [...new Set(fields.map(groupOf))];
  const privateKey = takePrivateKey(pair);
  if (!privateKey) throw new DisplayFailure(1001, 'keygen');
  const vault = createCardVault(privateKey, data.session_id, data.envelopes, groups);
  // expires_at is on the server's clock; a device clock minutes off must not end the
  // session at once, nor keep it past its end.
  const expiresAt = Date.parse(data.expires_at) - clockOffsetMs - SESSION_END_MARGIN_MS;
  return { id: data.session_id, expiresAt, fields, transactions: shown('transactions'), card: data.card, vault };
}

/**
 * The exchange as a query keyed by the token, fetched exactly once: never stale (not
 * even for invalidateQueries), never collected, never retried or refetched, also when
 * StrictMode mounts twice (the second observer joins the fetch in flight). Deliberately
 * no AbortSignal: aborting a request the server may already have spent the token on
 * would strand the view.
 */
export function displaySessionQueryOptions(
  request: SessionRequest | undefined,
  keyPair: FrameKeyPair | Promise<FrameKeyPair>,
  locale: Locale,
) {
  return queryOptions({
    queryKey: ['display-session', request?.token ?? null] as const,
    // A locale change re-renders with a new closure under the same key: no new fetch.
    queryFn: request ? () => openDisplaySession(request, keyPair, locale) : skipToken,
    staleTime: 'static',
    gcTime: Infinity,
    retry: false,
    retryOnMount: false,
    refetchOnMount: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    // The session holds a live vault: nothing to compare or share structurally.
    structuralSharing: false,
  });
}

export function useDisplaySession(
  request: SessionRequest | undefined,
  keyPair: Promise<FrameKeyPair>,
  locale: Locale,
): UseQueryResult<DisplaySession> {
  return useQuery(displaySessionQueryOptions(request, keyPair, locale));
}

/**
 * Sends the exchange the moment both the key pair and the token are there, from the
 * handler that brought the later of the two, rather than from React's render of it. On a
 * cold load the token comes last, and that render delays the request by ≈ 35 ms
 * (docs/performance.md). FrameApp's query has the same key: it joins the fetch in flight,
 * or reads its result, and the token is still presented once. If the query already
 * started (the token came first, while the key was being generated), nothing changes.
 */
export function startExchangeOnRequest(client: QueryClient, host: FrameHost): void {
  const whenPaired = (pair: FrameKeyPair): void => {
    whenPhase(host, 'started', ({ request, locale }) => {
      if (request) void client.prefetchQuery(displaySessionQueryOptions(request, pair, locale));
    });
    // A view that failed before any exchange (a refused handshake, an unframed load, no
    // token) will have nothing encrypted to this key: zeroed now, not kept until unload.
    whenPhase(host, 'failed', () => discardPrivateKey(pair));
  };
  // a failed generation is FrameApp's to show (1001 keygen), through its own query
  host.keyPair.then(whenPaired, () => undefined);
}
