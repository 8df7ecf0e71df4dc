import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * How many requests the server is answering right now. The SQLite store reads it to commit
 * a lone request's writes on the serving thread (stores/sqlite/index.ts): with nobody else
 * waiting on the event loop, its fsync delays no one, and the hand-offs to the commit
 * thread and back are saved.
 */
export interface InFlight {
  count(): number;
  /** Counts `app`'s requests from their first hook to their response (or abort). */
  track(app: FastifyInstance): void;
}

export function createInFlight(): InFlight {
  let n = 0;
  // a request leaves once, whether it ends in a response, an abort, or both
  const open = new WeakSet<FastifyRequest>();
  const leave = (req: FastifyRequest): void => {
    if (open.delete(req)) n--;
  };
  // Callback hooks, not async ones: they run on every request, /healthz included, and need
  // no promise.
  return {
    count: () => n,
    track(app) {
      app.addHook('onRequest', (req, _reply, done) => {
        open.add(req);
        n++;
        done();
      });
      app.addHook('onResponse', (req, _reply, done) => {
        leave(req);
        done();
      });
      app.addHook('onRequestAbort', (req, done) => {
        leave(req);
        done();
      });
    },
  };
}
