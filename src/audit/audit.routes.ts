import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { agentOf } from '../http/access.ts';
import { errorSchema, isoDate } from '../http/api-schemas.ts';
import { listAudit } from './list-audit.ts';

/** GET /api/v1/audit: a supervisor's units' trail (who, when, what — never the content). */
export async function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      config: { access: 'audit' },
      schema: {
        tags: ['audit'],
        summary: 'Journal d’audit des unités du superviseur, filtré par signalement, agent et période',
        querystring: z.object({
          reportId: z.uuid().optional(),
          agent: z.string().max(64).optional().describe('Identifiant de l’agent'),
          from: isoDate.optional(),
          to: isoDate.optional(),
          before: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .describe('Page suivante : id du dernier reçu'),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                at: z.string(),
                actor: z.object({ kind: z.string(), username: z.string().nullable() }),
                action: z.string(),
                objectType: z.string(),
                objectId: z.string().nullable(),
                detail: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request) => {
      const { before, ...query } = request.query;
      return listAudit(deps, agentOf(request), { ...query, beforeId: before });
    },
  );
}
