import type pg from 'pg';
import type { DataCipher } from '../../crypto/data-key.js';
import type { ApiKey, Merchant, MerchantStore } from '../types.js';
import { jsonList, openApiSecret, sealApiSecret } from '../rows.js';
import { withTransaction } from './pool.js';

interface MerchantRow {
  id: string;
  name: string;
  status: Merchant['status'];
  pci_display: boolean;
  modes: Merchant['modes'];
  origins: string[];
}

interface ApiKeyRow {
  api_key: string;
  merchant_id: string;
  secret_enc: Buffer;
  enabled: boolean;
  expires_at: number | null;
  ip_allow: string[];
}

const MERCHANT_COLUMNS = 'id, name, status, pci_display, modes, origins';
const API_KEY_COLUMNS = 'api_key, merchant_id, secret_enc, enabled, expires_at, ip_allow';

const toMerchant = (r: MerchantRow): Merchant => ({
  id: r.id,
  name: r.name,
  status: r.status,
  pciDisplay: r.pci_display,
  modes: r.modes,
  origins: r.origins,
});

const toApiKey = (cipher: DataCipher, r: ApiKeyRow): ApiKey => ({
  apiKey: r.api_key,
  merchantId: r.merchant_id,
  secret: openApiSecret(cipher, r.api_key, r.secret_enc),
  enabled: r.enabled,
  expiresAt: r.expires_at,
  ipAllow: r.ip_allow,
});

const insertMerchant = (m: Merchant): pg.QueryConfig => ({
  text: 'INSERT INTO merchants (id, name, status, pci_display, modes, origins, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)',
  values: [m.id, m.name, m.status, m.pciDisplay, jsonList(m.modes), jsonList(m.origins), Date.now()],
});

const insertKey = (cipher: DataCipher, k: ApiKey): pg.QueryConfig => ({
  text: 'INSERT INTO api_keys (api_key, merchant_id, secret_enc, enabled, expires_at, ip_allow, created_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)',
  values: [
    k.apiKey,
    k.merchantId,
    sealApiSecret(cipher, k.apiKey, k.secret),
    k.enabled,
    k.expiresAt,
    jsonList(k.ipAllow),
    Date.now(),
  ],
});

export function createPostgresMerchantStore(pool: pg.Pool, cipher: DataCipher): MerchantStore {
  return {
    async create(m, firstKey) {
      await withTransaction(pool, async (client) => {
        await client.query(insertMerchant(m));
        if (firstKey) await client.query(insertKey(cipher, firstKey));
      });
    },
    async get(id) {
      const { rows } = await pool.query<MerchantRow>(`SELECT ${MERCHANT_COLUMNS} FROM merchants WHERE id = $1`, [id]);
      return rows[0] ? toMerchant(rows[0]) : null;
    },
    async findByName(name) {
      // id breaks a tie within one millisecond, so every instance picks the same merchant
      const { rows } = await pool.query<MerchantRow>(
        `SELECT ${MERCHANT_COLUMNS} FROM merchants WHERE name = $1 ORDER BY created_at, id LIMIT 1`,
        [name],
      );
      return rows[0] ? toMerchant(rows[0]) : null;
    },
    async update(id, patch) {
      // One statement: a field left undefined keeps its stored value, and two instances
      // patching different fields at once both land (no read-then-write to lose one).
      const { rows } = await pool.query<MerchantRow>(
        `UPDATE merchants SET
           name = COALESCE($2, name),
           status = COALESCE($3, status),
           pci_display = COALESCE($4, pci_display),
           modes = COALESCE($5::jsonb, modes),
           origins = COALESCE($6::jsonb, origins)
         WHERE id = $1 RETURNING ${MERCHANT_COLUMNS}`,
        [id, patch.name ?? null, patch.status ?? null, patch.pciDisplay ?? null, jsonList(patch.modes), jsonList(patch.origins)],
      );
      return rows[0] ? toMerchant(rows[0]) : null;
    },
    async createApiKey(k) {
      await pool.query(insertKey(cipher, k));
    },
    async getApiKey(apiKey) {
      const { rows } = await pool.query<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE api_key = $1`, [apiKey]);
      return rows[0] ? toApiKey(cipher, rows[0]) : null;
    },
    async keyFences(merchantId) {
      const { rows } = await pool.query<Pick<ApiKeyRow, 'enabled' | 'expires_at' | 'ip_allow'>>(
        'SELECT enabled, expires_at, ip_allow FROM api_keys WHERE merchant_id = $1 ORDER BY created_at, api_key',
        [merchantId],
      );
      return rows.map((r) => ({ enabled: r.enabled, expiresAt: r.expires_at, ipAllow: r.ip_allow }));
    },
    async updateApiKey(apiKey, { enabled, expiresAt, ipAllow }) {
      // One statement, as update() above; expires_at may become null (no expiry), so it has its own flag.
      const { rows } = await pool.query<ApiKeyRow>(
        `UPDATE api_keys SET
           enabled = COALESCE($2, enabled),
           expires_at = CASE WHEN $3 THEN $4::bigint ELSE expires_at END,
           ip_allow = COALESCE($5::jsonb, ip_allow)
         WHERE api_key = $1 RETURNING ${API_KEY_COLUMNS}`,
        [apiKey, enabled ?? null, expiresAt !== undefined, expiresAt ?? null, jsonList(ipAllow)],
      );
      return rows[0] ? toApiKey(cipher, rows[0]) : null;
    },
  };
}
