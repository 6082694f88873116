import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { agentOf } from '../http/access.ts';
import { agentRefusals, errorSchema } from '../http/api-schemas.ts';
import { listCanned, removeCanned, saveCanned } from './canned-answers.ts';
import { readChatSettings, writeChatSettings } from './chat-settings.ts';

const cannedBody = z.object({
  shortcut: z.string().min(1).max(31).describe('Ce que l’opérateur tape après « / »'),
  title: z.string().min(1).max(120),
  body: z.string().min(1).max(2000),
});
const cannedView = cannedBody.extend({ id: z.uuid() });
const settingsSchema = z.object({
  maxChatsPerOperator: z.number().int().min(1).max(20).describe('Conversations simultanées par opérateur'),
  awayAfterMinutes: z.number().int().min(1).max(240).describe('Minutes d’inactivité avant « absent »'),
});

/** The administrator's side of the live chat: canned answers and settings. */
export async function registerChatAdminRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['administration'];

  routes.get(
    '/api/v1/admin/canned-answers',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Les réponses types',
        response: { 200: z.object({ items: z.array(cannedView) }), ...agentRefusals },
      },
    },
    async () => listCanned(deps),
  );

  routes.post(
    '/api/v1/admin/canned-answers',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Ajouter une réponse type',
        body: cannedBody,
        response: { 201: cannedView, 400: errorSchema, 409: errorSchema, ...agentRefusals },
      },
    },
    async (request, reply) => reply.status(201).send(await saveCanned(deps, agentOf(request), request.body)),
  );

  routes.put(
    '/api/v1/admin/canned-answers/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Modifier une réponse type',
        params: z.object({ id: z.uuid() }),
        body: cannedBody,
        response: { 200: cannedView, 400: errorSchema, 404: errorSchema, 409: errorSchema, ...agentRefusals },
      },
    },
    async (request) => saveCanned(deps, agentOf(request), { ...request.body, id: request.params.id }),
  );

  routes.delete(
    '/api/v1/admin/canned-answers/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Supprimer une réponse type',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ deleted: z.literal(true) }), 404: errorSchema, ...agentRefusals },
      },
    },
    async (request) => {
      await removeCanned(deps, agentOf(request), request.params.id);
      return { deleted: true as const };
    },
  );

  routes.get(
    '/api/v1/admin/chat-settings',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Réglages du direct', response: { 200: settingsSchema, ...agentRefusals } },
    },
    async () => readChatSettings(deps.db),
  );

  routes.put(
    '/api/v1/admin/chat-settings',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          'Régler le direct : conversations simultanées par opérateur, minutes d’inactivité avant « absent »',
        body: settingsSchema,
        response: { 200: settingsSchema, 400: errorSchema, ...agentRefusals },
      },
    },
    async (request) => {
      const admin = agentOf(request);
      return deps.db.transaction().execute(async (tx) => {
        const saved = await writeChatSettings(tx, request.body, admin.id, deps.now());
        await recordAudit(tx, {
          actorKind: 'agent',
          actorId: admin.id,
          action: 'settings.changed',
          objectType: 'settings',
          objectId: 'livechat',
          detail: { ...saved },
        });
        return saved;
      });
    },
  );
}
