import type { FastifyInstance } from 'fastify';
import { errorBody, okBody } from '../errors.js';
import type { AppContext } from '../context.js';

/** Ready once the store answers; load balancers and `npm start` poll it. */
export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', async (_req, reply) => {
    const ready = await ctx.stores.ready().catch(() => false);
    if (!ready) return reply.code(503).header('Cache-Control', 'no-store').send(errorBody(1001, 'en_US'));
    return reply.header('Cache-Control', 'no-store').send(okBody({ status: 'ok' }, 'en_US'));
  });
}
