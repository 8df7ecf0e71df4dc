/**
 * Versioned schema for the PostgreSQL store, the durable half of the scaled-out family.
 * Append only, as db/migrations.ts: a released migration is never edited, a change is a
 * new entry. migrate.ts applies each in its own transaction.
 *
 * Times are Unix ms in BIGINT, as in SQLite; the pool parses BIGINT to a JS number.
 * Lists (modes, origins, ip_allow) are JSONB rather than TEXT: the database itself then
 * refuses a value that is not a JSON array, which a TEXT column would store as given.
 * Ids that order rows (tie-breaks, the transactions keyset) are COLLATE "C": bytewise,
 * like SQLite's BINARY, whatever locale the database was created with, so a page ends
 * and the next begins at the same place in both families.
 */
export const POSTGRES_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'durable schema',
    sql: `
      CREATE TABLE merchants (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active','frozen')),
        pci_display BOOLEAN NOT NULL,
        modes JSONB NOT NULL CHECK (jsonb_typeof(modes) = 'array'),
        origins JSONB NOT NULL CHECK (jsonb_typeof(origins) = 'array'),
        created_at BIGINT NOT NULL
      );
      CREATE INDEX merchants_name ON merchants (name, created_at);
      CREATE TABLE api_keys (
        api_key TEXT PRIMARY KEY,
        merchant_id TEXT COLLATE "C" NOT NULL REFERENCES merchants (id),
        secret_enc BYTEA NOT NULL,
        enabled BOOLEAN NOT NULL,
        expires_at BIGINT,
        ip_allow JSONB NOT NULL CHECK (jsonb_typeof(ip_allow) = 'array'),
        created_at BIGINT NOT NULL
      );
      CREATE TABLE cards (
        id TEXT COLLATE "C" PRIMARY KEY,
        merchant_id TEXT COLLATE "C" NOT NULL REFERENCES merchants (id),
        type TEXT NOT NULL CHECK (type IN ('virtual','physical')),
        status TEXT NOT NULL CHECK (status IN ('active','frozen','cancelled')),
        brand TEXT NOT NULL,
        last4 TEXT NOT NULL,
        has_pin BOOLEAN NOT NULL,
        secrets_enc BYTEA NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX cards_merchant ON cards (merchant_id, created_at);
      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at BIGINT NOT NULL,
        action TEXT NOT NULL,
        outcome INTEGER NOT NULL,
        merchant_id TEXT,
        card_id TEXT,
        card_last4 TEXT,
        session_id TEXT,
        field TEXT,
        origin TEXT,
        ip TEXT
      );
      CREATE INDEX audit_merchant_at ON audit_log (merchant_id, at);
      CREATE TABLE card_transactions (
        id TEXT COLLATE "C" PRIMARY KEY,
        card_id TEXT COLLATE "C" NOT NULL REFERENCES cards (id),
        amount BIGINT NOT NULL CHECK (amount >= 0),
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        merchant_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','completed','declined','refunded')),
        time BIGINT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX card_transactions_card_time ON card_transactions (card_id, time, id);
    `,
  },
  {
    version: 2,
    name: 'spent token ledger',
    // Redis decides who consumes a token; this row makes the spend outlive a Redis restore.
    // Purged by spent_at once no token that old could still be presented.
    sql: `
      CREATE TABLE spent_tokens (
        token_hash TEXT PRIMARY KEY,
        spent_at BIGINT NOT NULL
      );
      CREATE INDEX spent_tokens_spent_at ON spent_tokens (spent_at);
    `,
  },
  {
    version: 3,
    name: 'merchant request nonces',
    // A signed merchant request's nonce must stay refused for its whole replay window even
    // if Redis restarts empty; these are few (one per Access-Token request), so they live here.
    sql: `
      CREATE TABLE merchant_nonces (
        scope TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (scope, nonce)
      );
      CREATE INDEX merchant_nonces_expiry ON merchant_nonces (expires_at);
    `,
  },
  {
    version: 4,
    name: 'audit log append only',
    // PCI DSS 10.5: the trail cannot be altered. The service role owns the table (it
    // migrates), so a trigger refuses changes; a separate read-only role is stronger still.
    sql: `
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append only';
      END $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    `,
  },
  {
    version: 5,
    name: 'spent token owners',
    // A second presentation of a spent token is audited under its merchant and card; rows
    // spent before this migration keep none.
    sql: `
      ALTER TABLE spent_tokens ADD COLUMN merchant_id TEXT, ADD COLUMN card_id TEXT;
    `,
  },
  {
    version: 6,
    name: 'who spent a token',
    // The address that spent it: a later presentation from another one is the sign of a
    // token copied from the merchant page (routes/display-sessions.ts). Older rows keep none.
    sql: `
      ALTER TABLE spent_tokens ADD COLUMN spent_by TEXT;
    `,
  },
  {
    version: 7,
    name: 'who ran an admin command',
    // As SQLite's migration 6: an operator's changes and reads of the log, under their name.
    sql: `
      ALTER TABLE audit_log ADD COLUMN actor TEXT;
    `,
  },
  {
    version: 8,
    name: 'data key check',
    // As SQLite's migration 7: the first data key to open the store, sealed.
    sql: `
      CREATE TABLE data_key_check (id SMALLINT PRIMARY KEY CHECK (id = 1), sealed BYTEA NOT NULL);
    `,
  },
  {
    version: 9,
    name: 'audit log by time',
    // The auditor's read of the whole log (audit without --merchant) is a range on `at`, which
    // scanned and sorted the whole table: past the read's 30 s once the log is large. Built in
    // the migration's transaction, which holds the exchanges' audit rows back while it runs:
    // instant on a young log; on a large one, an operator builds it ahead CONCURRENTLY
    // (docs/scale-out.md) and this keeps it. One such build that failed left an invalid index
    // of that name, built again here.
    sql: `
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('audit_at') AND NOT indisvalid) THEN
          DROP INDEX audit_at;
        END IF;
      END $$;
      CREATE INDEX IF NOT EXISTS audit_at ON audit_log (at, id);
    `,
  },
];
