import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { agentOf } from '../http/access.ts';
import { errorSchema } from '../http/api-schemas.ts';
import { listChats } from './list-chats.ts';
import { PRESENCE_STATUSES, setPresence } from './set-presence.ts';
import { takeChat } from './take-chat.ts';

const presence = z.enum(PRESENCE_STATUSES);
const refused = { 401: errorSchema, 403: errorSchema };

const chatItem = z.object({
  conversationId: z.uuid(),
  category: z.string().nullable(),
  commune: z.string().nullable().describe('Code INSEE de la commune comprise par le robot'),
  communeName: z.string().nullable(),
  danger: z.boolean().describe('Le robot a détecté un danger présent ou imminent'),
  waitingSince: z.string().nullable().describe('Depuis quand la personne attend un policier (ISO 8601)'),
  agent: z.string().optional().describe('L’opérateur qui mène la conversation'),
});

/** The live chat's agent API, first part: presence, the queue, the take. Operators only (403 otherwise). */
export async function registerLiveChatRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chat'];

  routes.put(
    '/api/v1/agent/presence',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'Présence de l’opérateur (en ligne : il reçoit des conversations ; hors ligne : il les rend)',
        body: z.object({ status: presence }),
        response: { 200: z.object({ status: presence }), ...refused },
      },
    },
    async (request) => setPresence(deps, agentOf(request), request.body.status),
  );

  routes.get(
    '/api/v1/chats',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'La file d’attente (danger d’abord, puis la plus longue attente) ou les conversations de l’opérateur',
        querystring: z.object({ state: z.enum(['queued', 'mine']).default('queued') }),
        response: { 200: z.object({ items: z.array(chatItem) }), ...refused },
      },
    },
    async (request) => listChats(deps, agentOf(request), request.query.state),
  );

  routes.post(
    '/api/v1/chats/:conversationId/take',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'Prendre une conversation de la file (un seul opérateur l’obtient ; sinon 409 already_taken)',
        params: z.object({ conversationId: z.uuid() }),
        response: {
          200: z.object({ conversationId: z.uuid(), agent: z.string() }),
          404: errorSchema,
          409: errorSchema,
          ...refused,
        },
      },
    },
    async (request) => takeChat(deps, agentOf(request), request.params.conversationId),
  );
}
