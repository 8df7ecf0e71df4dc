import { openDatabase } from '../../db/sqlite.js';
import { createDataCipher } from '../../crypto/data-key.js';
import type { Stores } from '../types.js';
import { createSqliteMerchantStore } from './merchants.js';
import { createSqliteCardStore } from './cards.js';
import { createSqliteEphemeralStore } from './ephemeral.js';
import { createSqliteAuditStore } from './audit.js';
import { createWriteQueue } from './write-queue.js';
import { createSqliteTransactionStore } from './transactions.js';

/** The default, embedded store family: one SQLite file for everything. */
export function createSqliteStores(file: string, dataKey: Buffer): Stores {
  const db = openDatabase(file);
  const cipher = createDataCipher(dataKey);
  // Prepared once: /healthz asks on every call, and load balancers call it often.
  const ping = db.prepare('SELECT 1').pluck();
  // The exchange's four writes (nonce, token, session, audit) share commits with the
  // concurrent requests' (write-queue.ts). The audit store runs its INSERT at once when
  // called, so called from the queue it lands in the batch; its promise then settles
  // after the COMMIT, and the route still sends no card data before its audit row is in.
  const queue = createWriteQueue(db);
  const audit = createSqliteAuditStore(db);
  return {
    merchants: createSqliteMerchantStore(db, cipher),
    cards: createSqliteCardStore(db, cipher),
    ephemeral: createSqliteEphemeralStore(db, queue),
    audit: {
      ...audit,
      async record(entry) {
        await queue.write(() => audit.record(entry));
      },
    },
    transactions: createSqliteTransactionStore(db),
    async ready() {
      return db.open && ping.get() === 1;
    },
    async close() {
      queue.flush();
      db.close();
    },
  };
}
