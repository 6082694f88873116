import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { errorBody } from '../errors.ts';
import { errorSchema } from './api-schemas.ts';

/** GET /healthz for load balancers: 200 when the database answers within a second, 503 otherwise. */
export async function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['exploitation'],
        summary: 'État du service (pour les répartiteurs de charge)',
        response: {
          200: z.object({ status: z.literal('ok') }).describe('La base de données répond'),
          503: errorSchema
            .extend({ status: z.literal('unavailable') })
            .describe('La base de données ne répond pas dans la seconde'),
        },
      },
    },
    async (_request, reply) => {
      try {
        await Promise.race([
          sql`SELECT 1`.execute(deps.db),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
        ]);
        return { status: 'ok' as const };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, ...errorBody('unavailable') });
      }
    },
  );
}
