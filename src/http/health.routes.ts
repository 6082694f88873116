import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../app-deps.ts';
import { errorBody } from '../errors.ts';

/** GET /healthz for load balancers: 200 when the database answers within a second, 503 otherwise. */
export async function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    try {
      await Promise.race([
        sql`SELECT 1`.execute(deps.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', ...errorBody('unavailable') });
    }
  });
}
