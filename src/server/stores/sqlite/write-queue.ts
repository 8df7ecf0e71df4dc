import { outcomeError, type Outcome, type Write, type WriteResult } from './writes.js';

/**
 * Group commit for the SQLite store's hot writes. An exchange writes four rows (nonce,
 * token, session, audit), and with `synchronous = FULL` every commit is an fsync. Writes
 * queued during one turn of the event loop go out as one batch, committed in one
 * transaction; while a batch is being committed the next one gathers, so the busier
 * the server, the more writes share an fsync.
 *
 * Each caller gets its own write's result only once the COMMIT is done: an answer never
 * runs ahead of the disk, a token is still consumed exactly once (batches commit in
 * order, each UPDATE under the write lock), and an audit row is on disk before the card
 * data leaves. If the batch fails as a whole, every write of it fails.
 */
export interface WriteQueue {
  /** Queues `write` for the next batch; resolves with its result once committed. */
  write(write: Write): Promise<WriteResult>;
  /** Resolves once everything queued so far is committed (before the database closes). */
  drain(): Promise<void>;
}

/** Commits one batch in one transaction: on this thread (writes.ts), or on the commit thread. */
export type Committer = (batch: readonly Write[]) => Outcome[] | Promise<Outcome[]>;

interface Queued {
  write: Write;
  resolve: (value: WriteResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Where each batch commits: on the commit thread when there is one, except while `inline`
 * says the serving thread may take it (nothing else waits on it); with no thread, here.
 * Batches go out one at a time (createWriteQueue), so the two connections never write at once.
 */
export function chooseCommitter(local: Committer, thread: Committer | null, inline?: () => boolean): Committer {
  if (!thread) return local;
  if (!inline) return thread;
  return (batch) => (inline() ? local(batch) : thread(batch));
}

export function createWriteQueue(commit: Committer): WriteQueue {
  let queue: Queued[] = [];
  let inFlight: Promise<void> | null = null;

  const settle = (batch: Queued[], outcomes: Outcome[]): void =>
    batch.forEach((queued, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcomeError(outcome));
    });

  const flush = (): void => {
    // One batch at a time: what arrives meanwhile waits for it, and then goes out together.
    if (inFlight || queue.length === 0) return;
    const batch = queue;
    queue = [];
    inFlight = new Promise<Outcome[]>((resolve) => resolve(commit(batch.map((queued) => queued.write))))
      .then(
        (outcomes) => settle(batch, outcomes),
        (error: unknown) => batch.forEach((queued) => queued.reject(error)),
      )
      .finally(() => {
        inFlight = null;
        flush();
      });
  };

  return {
    write: (write) =>
      new Promise<WriteResult>((resolve, reject) => {
        // The first write of an idle queue sends the batch at the end of this turn; a flush
        // that finds the queue already sent, or a batch in flight, does nothing.
        if (queue.push({ write, resolve, reject }) === 1 && !inFlight) setImmediate(flush);
      }),
    async drain() {
      while (inFlight || queue.length > 0) {
        flush();
        await inFlight;
      }
    },
  };
}
