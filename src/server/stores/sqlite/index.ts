import { openDatabase } from '../../db/sqlite.js';
import { createDataCipher } from '../../crypto/data-key.js';
import type { Stores } from '../types.js';
import { createSqliteMerchantStore } from './merchants.js';
import { createSqliteCardStore } from './cards.js';
import { createSqliteEphemeralStore } from './ephemeral.js';
import { createSqliteAuditStore } from './audit.js';

/** The default, embedded store family: one SQLite file for everything. */
export function createSqliteStores(file: string, dataKey: Buffer): Stores {
  const db = openDatabase(file);
  const cipher = createDataCipher(dataKey);
  return {
    merchants: createSqliteMerchantStore(db, cipher),
    cards: createSqliteCardStore(db, cipher),
    ephemeral: createSqliteEphemeralStore(db),
    audit: createSqliteAuditStore(db),
    async ready() {
      return db.open && db.prepare('SELECT 1').pluck().get() === 1;
    },
    async close() {
      db.close();
    },
  };
}
