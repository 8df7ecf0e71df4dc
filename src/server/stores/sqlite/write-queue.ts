import type { Db } from '../../db/sqlite.js';

/**
 * Group commit for the SQLite store's hot writes. An exchange writes four rows (nonce,
 * token, session, audit), and a commit costs SQLite more than a row: the WAL append,
 * its locks and shared memory. Writes queued during one turn of the event loop run in
 * one transaction at its end, so concurrent requests share a commit.
 *
 * Each caller gets its own statement's result only once the COMMIT is done: an answer
 * never runs ahead of the disk, a token is still consumed exactly once (each UPDATE
 * runs under the write lock, in order), and an audit row is written before the card
 * data leaves. Nothing else joins the transaction: it opens and closes within one
 * synchronous flush. If it fails, every write of the batch fails.
 */
export interface WriteQueue {
  /** Runs `statement` in the next batch; resolves with its result once committed. */
  write<T>(statement: () => T): Promise<T>;
  /** Commits what is queued now (before the database closes). */
  flush(): void;
}

interface Queued {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export function createWriteQueue(db: Db): WriteQueue {
  let queue: Queued[] = [];

  const flush = (): void => {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      db.transaction(() => {
        for (const write of batch) {
          try {
            results.push({ ok: true, value: write.run() });
          } catch (error) {
            // this statement alone failed (a constraint); SQLite keeps the transaction
            results.push({ ok: false, value: error });
          }
        }
      })();
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    }
    batch.forEach((write, i) => (results[i]!.ok ? write.resolve(results[i]!.value) : write.reject(results[i]!.value)));
  };

  return {
    write: <T>(run: () => T) =>
      new Promise<T>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      }),
    flush,
  };
}
