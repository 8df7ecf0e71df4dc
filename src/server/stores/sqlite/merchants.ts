import type { Db } from '../../db/sqlite.js';
import type { DataCipher } from '../../crypto/data-key.js';
import type { ApiKey, Merchant, MerchantStore } from '../types.js';
import { openApiSecret, sealApiSecret } from '../rows.js';

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
  const save = db.prepare('UPDATE merchants SET name = ?, status = ?, pci_display = ?, modes = ?, origins = ? WHERE id = ?');
  const insertKey = db.prepare(
    'INSERT INTO api_keys (api_key, merchant_id, secret_enc, enabled, expires_at, ip_allow, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const keyById = db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE api_key = ?');
  // One statement, as in PostgreSQL: a field left undefined keeps its stored value, whoever else
  // writes the row meanwhile (the admin CLI is another process). expires_at may become null.
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

  return {
    async create(m) {
      insert.run(m.id, m.name, m.status, m.pciDisplay ? 1 : 0, JSON.stringify(m.modes), JSON.stringify(m.origins), Date.now());
    },
    async get(id) {
      return get(id);
    },
    async findByName(name) {
      const row = byName.get(name);
      return row ? toMerchant(row) : null;
    },
    async update(id, patch) {
      const current = get(id);
      if (!current) return null;
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next: Merchant = { ...current, ...defined };
      save.run(next.name, next.status, next.pciDisplay ? 1 : 0, JSON.stringify(next.modes), JSON.stringify(next.origins), id);
      return next;
    },
    async createApiKey(k: ApiKey) {
      insertKey.run(
        k.apiKey,
        k.merchantId,
        sealApiSecret(cipher, k.apiKey, k.secret),
        k.enabled ? 1 : 0,
        k.expiresAt,
        JSON.stringify(k.ipAllow),
        Date.now(),
      );
    },
    async getApiKey(apiKey) {
      return toKey(keyById.get(apiKey));
    },
    async updateApiKey(apiKey, { enabled, expiresAt, ipAllow }) {
      const enabledValue = enabled === undefined ? null : enabled ? 1 : 0;
      const ipAllowValue = ipAllow === undefined ? null : JSON.stringify(ipAllow);
      return toKey(saveKey.get(enabledValue, expiresAt === undefined ? 0 : 1, expiresAt ?? null, ipAllowValue, apiKey));
    },
  };
}
