import { createDataCipher } from '../../crypto/data-key.js';
import type { AuditStore, CardStore, MerchantStore, TransactionStore } from '../types.js';
import { createPool, type Patience } from './pool.js';
import { migrate } from './migrate.js';
import { createPostgresMerchantStore } from './merchants.js';
import { createPostgresCardStore } from './cards.js';
import { createPostgresAuditStore } from './audit.js';
import { createPostgresTransactionStore } from './transactions.js';
import { createSpentTokenLedger, type SpentTokenLedger } from './spent-tokens.js';
import { createNonceLedger, type NonceLedger } from './nonces.js';
import { checkDataKey, sealKeyCheck, type SealedSamples } from '../rows.js';
import { StoreRefusal } from '../types.js';

/** The durable half of the scaled-out family; the ephemeral half lives in Redis. */
export interface PostgresStores {
  merchants: MerchantStore;
  cards: CardStore;
  audit: AuditStore;
  transactions: TransactionStore;
  spentTokens: SpentTokenLedger;
  merchantNonces: NonceLedger;
  /** true when PostgreSQL answers a query now; false, never a throw, when it does not */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects, brings the schema up to date and returns the stores; rejects when PostgreSQL
 * cannot be reached or migrated, so an instance never starts on a half-made schema.
 * `onError` hears of connections lost while idle; it is given no URL or password.
 * `patience` is the server's request budget unless an operator's command opens them (pool.ts).
 * `mustExist`: refuse a database Cardveil never migrated rather than migrate it, for an admin
 * command that reads or changes records (a mistyped DATABASE_URL would answer as an empty store).
 */
export async function createPostgresStores(
  url: string,
  dataKey: Buffer,
  opts: { onError?: (err: Error) => void; patience?: Patience; mustExist?: boolean } = {},
): Promise<PostgresStores> {
  // A bad key fails here, before any connection is opened.
  const cipher = createDataCipher(dataKey);
  const pool = createPool(url, opts);
  try {
    if (opts.mustExist) {
      // schema_migrations alone is a common name (Rails, golang-migrate): with a table only Cardveil makes
      const { rows } = await pool.query<{ present: boolean }>(
        "SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('card_transactions') IS NOT NULL AS present",
      );
      if (!rows[0]?.present)
        throw new StoreRefusal('no Cardveil schema in this database: check DATABASE_URL (merchant:create and seed make one)');
    }
    await migrate(pool);
    const readCheck = async () =>
      (await pool.query<{ sealed: Buffer }>('SELECT sealed FROM data_key_check WHERE id = 1')).rows[0]?.sealed;
    const [card, apiKey, keyCheck] = await Promise.all([
      pool.query<NonNullable<SealedSamples['card']>>('SELECT id, secrets_enc FROM cards LIMIT 1'),
      pool.query<NonNullable<SealedSamples['apiKey']>>('SELECT api_key, secret_enc FROM api_keys LIMIT 1'),
      readCheck(),
    ]);
    checkDataKey(cipher, { card: card.rows[0], apiKey: apiKey.rows[0], keyCheck });
    // As SQLite's (sqlite/index.ts): recorded once the rows opened, then read back, since
    // another instance starting with another key may have recorded its own first.
    if (!keyCheck) {
      await pool.query('INSERT INTO data_key_check (id, sealed) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [
        sealKeyCheck(cipher),
      ]);
      checkDataKey(cipher, { keyCheck: await readCheck() });
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    merchants: createPostgresMerchantStore(pool, cipher),
    cards: createPostgresCardStore(pool, cipher),
    audit: createPostgresAuditStore(pool),
    transactions: createPostgresTransactionStore(pool),
    spentTokens: createSpentTokenLedger(pool),
    merchantNonces: createNonceLedger(pool),
    async ready() {
      if (closing) return false;
      try {
        const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
        return rows[0]?.ok === 1;
      } catch {
        return false;
      }
    },
    close() {
      // pg refuses a second end(); close may be called from both a signal and a test
      closing ??= pool.end();
      return closing;
    },
  };
}
