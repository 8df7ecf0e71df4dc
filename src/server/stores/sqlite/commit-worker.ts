/**
 * The commit thread's entry (commit-thread.ts starts it): its own connection to the
 * store's file, which runs each batch of writes in one transaction. The COMMIT's fsync
 * blocks this thread, not the one serving requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from '../../db/sqlite.js';
import { prepareWrites, type Write } from './writes.js';

export type CommitRequest = { id: number; batch: readonly Write[] } | 'close';

const port = parentPort!;
const db = openConnection((workerData as { file: string }).file);
const commit = prepareWrites(db);

port.on('message', (request: CommitRequest) => {
  if (request === 'close') {
    db.close();
    port.close();
    return;
  }
  port.postMessage({ id: request.id, outcomes: commit(request.batch) });
});
