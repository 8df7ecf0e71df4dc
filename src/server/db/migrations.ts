/**
 * Versioned schema for the SQLite store. Append only: a released migration is never
 * edited, a change is a new entry. Applied in order inside one transaction each.
 */
/** The triggers that keep `audit_log` append only (exported for tests that must empty it). */
export const AUDIT_APPEND_ONLY = `
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append only'); END;
`;

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE merchants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active','frozen')),
        pci_display INTEGER NOT NULL,
        modes TEXT NOT NULL,
        origins TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX merchants_name ON merchants (name);
      CREATE TABLE api_keys (
        api_key TEXT PRIMARY KEY,
        merchant_id TEXT NOT NULL REFERENCES merchants (id),
        secret_enc BLOB NOT NULL,
        enabled INTEGER NOT NULL,
        expires_at INTEGER,
        ip_allow TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE cards (
        id TEXT PRIMARY KEY,
        merchant_id TEXT NOT NULL REFERENCES merchants (id),
        type TEXT NOT NULL CHECK (type IN ('virtual','physical')),
        status TEXT NOT NULL CHECK (status IN ('active','frozen','cancelled')),
        brand TEXT NOT NULL,
        last4 TEXT NOT NULL,
        has_pin INTEGER NOT NULL,
        secrets_enc BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX cards_merchant ON cards (merchant_id);
      CREATE TABLE access_tokens (
        token_hash TEXT PRIMARY KEY,
        merchant_id TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE client_tokens (
        token_hash TEXT PRIMARY KEY,
        merchant_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        fields TEXT NOT NULL,
        mode TEXT NOT NULL,
        parent_origin TEXT,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE INDEX client_tokens_expiry ON client_tokens (expires_at);
      CREATE TABLE nonces (
        scope TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (scope, nonce)
      ) WITHOUT ROWID;
      CREATE INDEX nonces_expiry ON nonces (expires_at);
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        merchant_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        fields TEXT NOT NULL,
        mode TEXT NOT NULL,
        parent_origin TEXT,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_expiry ON sessions (expires_at);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
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
    `,
  },
  {
    version: 2,
    name: 'card transactions',
    // Read newest first within one card and a time range, keyset-paginated on (time, id):
    // the index serves both the range and the order (scanned backwards).
    sql: `
      CREATE TABLE card_transactions (
        id TEXT PRIMARY KEY,
        card_id TEXT NOT NULL REFERENCES cards (id),
        amount INTEGER NOT NULL CHECK (amount >= 0),
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        merchant_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','completed','declined','refunded')),
        time INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX card_transactions_card_time ON card_transactions (card_id, time, id);
    `,
  },
  {
    version: 3,
    name: 'who spent a client token',
    // The address that spent a token: a later presentation from another one is the sign of a
    // token copied from the merchant page (routes/display-sessions.ts). Older rows keep none.
    sql: `
      ALTER TABLE client_tokens ADD COLUMN used_by TEXT;
    `,
  },
  {
    version: 4,
    name: 'the API key behind an Access-Token',
    // Each use of an Access-Token re-checks the key that bought it (enabled, expiry, IP
    // allow-list: routes/client-access-tokens.ts). Rows issued before keep none and are refused.
    sql: `
      ALTER TABLE access_tokens ADD COLUMN api_key TEXT;
    `,
  },
  {
    version: 5,
    name: 'audit log append only',
    // As on PostgreSQL (its migration 4): an audit row, once written, is neither changed nor
    // removed through the database, by the server or by anyone with the file and a client.
    sql: AUDIT_APPEND_ONLY,
  },
  {
    version: 6,
    name: 'who ran an admin command',
    // PCI DSS 10.2.1.2: an operator's changes (merchants, keys, cards) and reads of the log
    // itself are audited too, under the operator's name (admin/audit-admin.ts).
    sql: `
      ALTER TABLE audit_log ADD COLUMN actor TEXT;
    `,
  },
  {
    version: 7,
    name: 'data key check',
    // The first data key to open the store, sealed (stores/rows.ts, checkDataKey): an empty
    // store then refuses another key as a full one does. One row.
    sql: `
      CREATE TABLE data_key_check (id INTEGER PRIMARY KEY CHECK (id = 1), sealed BLOB NOT NULL);
    `,
  },
  {
    version: 8,
    name: 'audit log by time',
    // The auditor's read of the whole log (audit without --merchant) is a range on `at`, which
    // scanned the whole table. The row id is in every SQLite index: this one is (at, id).
    sql: `
      CREATE INDEX audit_at ON audit_log (at);
    `,
  },
];
