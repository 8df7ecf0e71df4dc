import { Worker } from 'node:worker_threads';
import type { CommitRequest } from './commit-worker.js';
import type { Committer } from './write-queue.js';
import type { Outcome } from './writes.js';

/**
 * A worker thread that owns the SQLite store's write connection (commit-worker.ts).
 * With `synchronous = FULL` every COMMIT waits for an fsync, about 0.3 ms on this
 * project's CI disk; on the serving thread that wait stalls every request in flight,
 * on this thread it overlaps their work. Reads stay on the serving thread's own
 * connection: under WAL they see each commit as soon as it is done.
 *
 * If the thread dies, the writes it held fail (their requests answer 1001), `/healthz`
 * says 503, and a new thread starts after a second, or at once for the next write.
 */
export interface CommitThread {
  commit: Committer;
  /** false from the moment the thread fails until a new one is up */
  alive(): boolean;
  /** Closes the thread's connection and waits for the thread to end. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (outcomes: Outcome[]) => void;
  reject: (error: Error) => void;
}

const RESTART_AFTER_MS = 1000;
const WORKER_URL = new URL('./commit-worker.ts', import.meta.url).href;
// The worker's entry is TypeScript, run through tsx as the server is. A worker does not
// inherit the loader hooks of the thread that starts it, so it registers tsx first.
const TSX_API = import.meta.resolve('tsx/esm/api');
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); })`;

export function startCommitThread(file: string): CommitThread {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | null = null;
  let failed = false;
  let closed = false;

  const spawn = (): Worker => {
    const w = new Worker(BOOTSTRAP, { eval: true, workerData: { file } });
    const fail = (error: Error): void => {
      if (worker !== w) return;
      worker = null;
      failed = true;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      setTimeout(() => {
        if (!closed) worker ??= spawn();
      }, RESTART_AFTER_MS).unref();
    };
    w.on('message', ({ id, outcomes }: { id: number; outcomes: Outcome[] }) => {
      const p = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) w.unref(); // idle: never what keeps the process alive
      p?.resolve(outcomes);
    });
    w.on('online', () => (failed = false));
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the SQLite commit thread exited with code ${code}`)));
    w.unref();
    return w;
  };
  worker = spawn();

  return {
    commit(batch) {
      const w = (worker ??= spawn());
      const id = nextId++;
      return new Promise<Outcome[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.ref(); // a write in flight keeps the process alive until it is committed
        w.postMessage({ id, batch } satisfies CommitRequest);
      });
    },
    alive: () => worker !== null && !failed,
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      if (!w) return;
      const exited = new Promise((resolve) => w.once('exit', resolve));
      w.ref();
      w.postMessage('close' satisfies CommitRequest);
      await exited;
    },
  };
}
