import { openDatabase } from '../../db/sqlite.js';
import { createDataCipher } from '../../crypto/data-key.js';
import type { Stores } from '../types.js';
import { checkDataKey, sealKeyCheck, type SealedSamples } from '../rows.js';
import { createSqliteMerchantStore } from './merchants.js';
import { createSqliteCardStore } from './cards.js';
import { createSqliteEphemeralStore } from './ephemeral.js';
import { createSqliteAuditStore } from './audit.js';
import { startCommitThread, type CommitThread } from './commit-thread.js';
import { chooseCommitter, createWriteQueue } from './write-queue.js';
import { prepareWrites } from './writes.js';
import { createSqliteTransactionStore } from './transactions.js';

export interface SqliteStoreOptions {
  /**
   * Commit the hot writes on a thread of their own (commit-thread.ts), so their fsyncs
   * never stall the requests being served. The server sets it; short-lived processes
   * (the admin CLI, tests) commit on their own thread. An in-memory database has no
   * second connection, so it always does.
   */
  commitThread?: boolean;
  /**
   * With a commit thread: true while a batch may be committed on the serving thread
   * instead, because no other request waits on it (server.ts: one request in flight). A
   * lone exchange then saves its commits' thread hand-offs, ≈ 4 ms when a browser keeps
   * the cores busy (docs/performance.md); under load the thread takes every batch.
   */
  commitInline?: () => boolean;
}

/** The default, embedded store family: one SQLite file for everything. */
export function createSqliteStores(file: string, dataKey: Buffer, options: SqliteStoreOptions = {}): Stores {
  const db = openDatabase(file);
  const cipher = createDataCipher(dataKey);
  try {
    const readCheck = () => db.prepare('SELECT sealed FROM data_key_check WHERE id = 1').pluck().get() as Buffer | undefined;
    const keyCheck = readCheck();
    checkDataKey(cipher, {
      card: db.prepare('SELECT id, secrets_enc FROM cards LIMIT 1').get() as SealedSamples['card'],
      apiKey: db.prepare('SELECT api_key, secret_enc FROM api_keys LIMIT 1').get() as SealedSamples['apiKey'],
      keyCheck,
    });
    // Recorded only once what the store holds opened with this key; read back, as another
    // process may have recorded its own meanwhile.
    if (!keyCheck) {
      db.prepare('INSERT OR IGNORE INTO data_key_check (id, sealed) VALUES (1, ?)').run(sealKeyCheck(cipher));
      checkDataKey(cipher, { keyCheck: readCheck() });
    }
  } catch (err) {
    db.close();
    throw err;
  }
  // Prepared once: /healthz asks on every call, and load balancers call it often.
  const ping = db.prepare('SELECT 1').pluck();
  // The exchange's four writes (nonce, token, session, audit) share commits with the
  // concurrent requests' (write-queue.ts).
  const thread: CommitThread | null = options.commitThread && file !== ':memory:' ? startCommitThread(file) : null;
  const queue = createWriteQueue(chooseCommitter(prepareWrites(db), thread?.commit ?? null, options.commitInline));
  return {
    merchants: createSqliteMerchantStore(db, cipher),
    cards: createSqliteCardStore(db, cipher),
    ephemeral: createSqliteEphemeralStore(db, queue),
    audit: createSqliteAuditStore(db, queue),
    transactions: createSqliteTransactionStore(db),
    async ready() {
      return db.open && ping.get() === 1 && (thread?.alive() ?? true);
    },
    async close() {
      await queue.drain();
      await thread?.close();
      db.close();
    },
  };
}
