import type { Db } from '../../db/sqlite.js';
import type { DataCipher } from '../../crypto/data-key.js';
import type { ApiKey, Merchant, MerchantStore } from '../types.js';
import { jsonList, openApiSecret, sealApiSecret } from '../rows.js';

interface MerchantRow {
  id: string;
  name: string;
  status: Merchant['status'];
  pci_display: number;
  modes: string;
  origins: string;
}

interface ApiKeyRow {
  api_key: string;
  merchant_id: string;
  secret_enc: Buffer;
  enabled: number;
  expires_at: number | null;
  ip_allow: string;
}

const toMerchant = (r: MerchantRow): Merchant => ({
  id: r.id,
  name: r.name,
  status: r.status,
  pciDisplay: r.pci_display === 1,
  modes: JSON.parse(r.modes) as Merchant['modes'],
  origins: JSON.parse(r.origins) as string[],
});

export function createSqliteMerchantStore(db: Db, cipher: DataCipher): MerchantStore {
  const insert = db.prepare(
    'INSERT INTO merchants (id, name, status, pci_display, modes, origins, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare<[string], MerchantRow>('SELECT * FROM merchants WHERE id = ?');
  const byName = db.prepare<[string], MerchantRow>('SELECT * FROM merchants WHERE name = ? ORDER BY created_at LIMIT 1');
  // One statement, as in PostgreSQL: a field left undefined keeps its stored value, so two
  // processes changing different fields at once (the admin CLI and a seed) both land.
  const save = db.prepare<[string | null, string | null, number | null, string | null, string | null, string], MerchantRow>(
    `UPDATE merchants SET name = COALESCE(?, name), status = COALESCE(?, status), pci_display = COALESCE(?, pci_display),
       modes = COALESCE(?, modes), origins = COALESCE(?, origins) WHERE id = ? RETURNING *`,
  );
  const insertKey = db.prepare(
    'INSERT INTO api_keys (api_key, merchant_id, secret_enc, enabled, expires_at, ip_allow, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const keyById = db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE api_key = ?');
  const fencesOf = db.prepare<[string], Pick<ApiKeyRow, 'enabled' | 'expires_at' | 'ip_allow'>>(
    'SELECT enabled, expires_at, ip_allow FROM api_keys WHERE merchant_id = ? ORDER BY created_at, api_key',
  );
  // The same for a key; expires_at may become null, so it has its own flag.
  const saveKey = db.prepare<[number | null, number, number | null, string | null, string], ApiKeyRow>(
    `UPDATE api_keys SET enabled = COALESCE(?, enabled), expires_at = CASE WHEN ? THEN ? ELSE expires_at END,
       ip_allow = COALESCE(?, ip_allow) WHERE api_key = ? RETURNING *`,
  );

  const get = (id: string) => {
    const row = byId.get(id);
    return row ? toMerchant(row) : null;
  };
  const toKey = (r: ApiKeyRow | undefined): ApiKey | null => {
    if (!r) return null;
    return {
      apiKey: r.api_key,
      merchantId: r.merchant_id,
      secret: openApiSecret(cipher, r.api_key, r.secret_enc),
      enabled: r.enabled === 1,
      expiresAt: r.expires_at,
      ipAllow: JSON.parse(r.ip_allow) as string[],
    };
  };

  const addKey = (k: ApiKey) =>
    insertKey.run(
      k.apiKey,
      k.merchantId,
      sealApiSecret(cipher, k.apiKey, k.secret),
      k.enabled ? 1 : 0,
      k.expiresAt,
      jsonList(k.ipAllow),
      Date.now(),
    );
  const addMerchant = db.transaction((m: Merchant, firstKey?: ApiKey) => {
    insert.run(m.id, m.name, m.status, m.pciDisplay ? 1 : 0, jsonList(m.modes), jsonList(m.origins), Date.now());
    if (firstKey) addKey(firstKey);
  });

  return {
    async create(m, firstKey) {
      addMerchant(m, firstKey);
    },
    async get(id) {
      return get(id);
    },
    async findByName(name) {
      const row = byName.get(name);
      return row ? toMerchant(row) : null;
    },
    async update(id, { name, status, pciDisplay, modes, origins }) {
      const row = save.get(
        name ?? null,
        status ?? null,
        pciDisplay === undefined ? null : +pciDisplay,
        jsonList(modes),
        jsonList(origins),
        id,
      );
      return row ? toMerchant(row) : null;
    },
    async createApiKey(k) {
      addKey(k);
    },
    async getApiKey(apiKey) {
      return toKey(keyById.get(apiKey));
    },
    async keyFences(merchantId) {
      return fencesOf.all(merchantId).map((r) => ({
        enabled: r.enabled === 1,
        expiresAt: r.expires_at,
        ipAllow: JSON.parse(r.ip_allow) as string[],
      }));
    },
    async updateApiKey(apiKey, { enabled, expiresAt, ipAllow }) {
      const enabledValue = enabled === undefined ? null : enabled ? 1 : 0;
      return toKey(saveKey.get(enabledValue, expiresAt === undefined ? 0 : 1, expiresAt ?? null, jsonList(ipAllow), apiKey));
    },
  };
}
