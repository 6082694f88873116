import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { CATEGORIES } from '../conversations/engine/index.ts';
import { agentOf } from '../http/access.ts';
import { agentRefusals, errorSchema } from '../http/api-schemas.ts';
import { FACT_TYPES } from '../reports/edit-fact.ts';
import { listCanned } from './canned-answers.ts';
import { editChatFact } from './chat-facts.ts';
import { closeChat } from './close-chat.ts';
import { MAX_TRANSFER_REASON, transferChat } from './transfer-chat.ts';

/** A chat's id in the URL. */
export const chatParams = z.object({ conversationId: z.uuid() });

export const chatFactSchema = z.object({
  key: z.string().describe('Identifiant du fait pendant la conversation'),
  type: z.string(),
  value: z.string(),
  label: z.string().describe('La valeur en clair, comme la lit le résumé du robot'),
  text: z.string().describe('Le passage du message d’où le fait vient'),
  messageId: z.string().nullable(),
  status: z.enum(['extracted', 'confirmed', 'edited', 'removed', 'added']),
  original: z.object({ value: z.string(), text: z.string() }).optional(),
});

const factValue = z.string().min(1).max(500);
const factBody = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['confirm', 'remove', 'restore']), key: z.string().max(64) }),
  z.object({
    action: z.literal('edit'),
    key: z.string().max(64),
    value: factValue,
    text: z.string().max(500).optional(),
  }),
  z.object({
    action: z.literal('add'),
    type: z.enum(FACT_TYPES),
    value: factValue,
    text: z.string().max(500).optional(),
    messageId: z.uuid().optional(),
  }),
]);

const reason = z.string().max(MAX_TRANSFER_REASON);
const transferBody = z.union([
  z.object({
    agent: z.string().min(1).max(64).describe('Identifiant de l’opérateur'),
    reason: reason.optional(),
  }),
  z.object({
    unit: z.string().min(1).max(32).describe('Code de l’unité, par exemple CROS25'),
    reason: reason.min(1),
    category: z.enum(CATEGORIES).optional().describe('Si le robot ne l’a pas apprise'),
  }),
]);

/** The operator's tools on a chat: the live fiche, the close into a report, the transfer, canned answers. */
export async function registerChatToolRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chat'];

  routes.post(
    '/api/v1/chats/:conversationId/facts',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'La fiche pendant la conversation : confirmer, corriger, retirer ou rétablir un fait compris par le robot, ou en ajouter un',
        params: chatParams,
        body: factBody,
        response: {
          200: z.object({ facts: z.array(chatFactSchema) }),
          404: errorSchema,
          409: errorSchema,
          ...agentRefusals,
        },
      },
    },
    async (request) => editChatFact(deps, agentOf(request), request.params.conversationId, request.body),
  );

  routes.post(
    '/api/v1/chats/:conversationId/close',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'Terminer la conversation en signalement : la fiche passe au tri, la personne reçoit son récépissé sur son appareil',
        params: chatParams,
        body: z
          .object({ category: z.enum(CATEGORIES).optional().describe('Si le robot ne l’a pas apprise') })
          .nullish(),
        response: {
          200: z.object({ reportId: z.uuid(), status: z.string() }),
          404: errorSchema,
          409: errorSchema,
          ...agentRefusals,
        },
      },
    },
    async (request) =>
      closeChat(deps, agentOf(request), {
        conversationId: request.params.conversationId,
        ...(request.body?.category && { category: request.body.category }),
      }),
  );

  routes.post(
    '/api/v1/chats/:conversationId/transfer',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'Transférer à un autre opérateur ({agent}), ou à une unité avec une raison ({unit, reason}) : la conversation devient alors un signalement transmis à cette unité',
        params: chatParams,
        body: transferBody,
        response: {
          200: z.object({
            conversationId: z.uuid(),
            agent: z.string().optional(),
            reportId: z.uuid().optional(),
            status: z.string().optional(),
          }),
          400: errorSchema,
          404: errorSchema,
          409: errorSchema,
          ...agentRefusals,
        },
      },
    },
    async (request) =>
      transferChat(deps, agentOf(request), {
        conversationId: request.params.conversationId,
        ...request.body,
      }),
  );

  routes.get(
    '/api/v1/canned-answers',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary: 'Les réponses types de la plateforme (insérées avec « / » et quelques lettres)',
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.uuid(), shortcut: z.string(), title: z.string(), body: z.string() }),
            ),
          }),
          ...agentRefusals,
        },
      },
    },
    async () => listCanned(deps),
  );
}
