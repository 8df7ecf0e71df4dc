import type { Redis } from 'ioredis';
import {
  CLIENT_TOKEN_GRACE_MS,
  type AccessGrant,
  type ClientToken,
  type DisplaySession,
  type EphemeralStore,
  type SpentToken,
} from '../types.js';

/**
 * Tokens, nonces and sessions in Redis, shared by every instance. Each token and session
 * carries its own `expiresAt`, checked against the caller's clock exactly as the SQLite
 * store does; Redis's own expiry only reclaims the memory, which is why no sweeper is needed.
 * That expiry is relative (PX) and a margin later, so skew between hosts cannot end a record
 * early. A nonce is only its key: its memory is Redis's PX alone, which a step of the Redis
 * host's own clock (more than the margin) would cut short.
 */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Consumes a client token in one step on the Redis server (DESIGN §5 step 5: of any number
 * of concurrent presentations, on any number of instances, exactly one gets the token). Its
 * record becomes a tombstone that keeps only whose it was and who spent it, until the token's
 * expiry (ARGV[2], the caller's clock) plus the margin (ARGV[3]). A presentation that lost
 * the race finds it at once, before the winner's ledger row is in (scaled/index.ts); the
 * ledger, not the tombstone, answers the later ones: it is on disk, and a day of tombstones
 * would be a day of memory under noeviction.
 */
const CONSUME_CLIENT_TOKEN = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local record = cjson.decode(raw)
if record.spentBy ~= nil then return false end
local keep = math.max(record.expiresAt - tonumber(ARGV[2]), 0) + tonumber(ARGV[3])
local tombstone = cjson.encode({ merchantId = record.merchantId, cardId = record.cardId, spentBy = ARGV[1] })
redis.call('SET', KEYS[1], tombstone, 'PX', string.format('%d', keep))
return raw
`;

const key = {
  access: (hash: string) => `access:${hash}`,
  client: (hash: string) => `client:${hash}`,
  nonce: (scope: string, nonce: string) => `nonce:${scope}:${nonce}`,
  session: (id: string) => `session:${id}`,
};

export function createRedisEphemeralStore(redis: Redis): EphemeralStore {
  const ttl = (expiresAt: number) => Math.max(expiresAt - Date.now(), 0) + EXPIRY_MARGIN_MS;
  const put = async (k: string, value: unknown, expiresAt: number) => {
    await redis.set(k, JSON.stringify(value), 'PX', ttl(expiresAt));
  };
  const read = async <T extends { expiresAt: number }>(k: string, now: number): Promise<T | null> => {
    const raw = await redis.get(k);
    const value = raw === null ? null : (JSON.parse(raw) as T);
    return value && value.expiresAt > now ? value : null;
  };

  return {
    async putAccessToken(hash, grant) {
      await put(key.access(hash), grant, grant.expiresAt);
    },
    async getAccessToken(hash, now) {
      const grant = await read<Partial<AccessGrant> & { merchantId: string; expiresAt: number }>(key.access(hash), now);
      // a record written before keys were kept with it has none
      return grant && { merchantId: grant.merchantId, apiKey: grant.apiKey ?? null, expiresAt: grant.expiresAt };
    },
    async putClientToken(hash, token) {
      // Kept past its expiry as SQLite keeps its row: a late first presentation is handed the
      // grant, refused by the clock and audited under its merchant and card.
      await put(key.client(hash), token, token.expiresAt + CLIENT_TOKEN_GRACE_MS);
    },
    async consumeClientToken(hash, now, spender) {
      const raw = (await redis.eval(CONSUME_CLIENT_TOKEN, 1, key.client(hash), spender, now, EXPIRY_MARGIN_MS)) as string | null;
      return raw === null ? null : (JSON.parse(raw) as ClientToken);
    },
    async spentClientToken(hash) {
      const raw = await redis.get(key.client(hash));
      const record = raw === null ? null : (JSON.parse(raw) as Partial<SpentToken>);
      return record?.spentBy !== undefined ? (record as SpentToken) : null;
    },
    async rememberNonce(scope, nonce, expiresAt) {
      const set = await redis.set(key.nonce(scope, nonce), '1', 'PX', ttl(expiresAt), 'NX');
      return set === 'OK';
    },
    async putSession(s: DisplaySession) {
      await put(key.session(s.id), s, s.expiresAt);
    },
    async getSession(id, now) {
      return read<DisplaySession>(key.session(id), now);
    },
    async purgeExpired() {
      return 0;
    },
  };
}
