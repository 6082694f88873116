import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { agentOf } from '../http/access.ts';
import { agentRefusals, errorSchema, messageListSchema } from '../http/api-schemas.ts';
import { chatFactSchema, chatParams } from './chat-tools.routes.ts';
import { getChat } from './get-chat.ts';
import { listChats } from './list-chats.ts';
import { MAX_CHAT_MESSAGE_LENGTH, postChatMessage } from './post-chat-message.ts';
import { getPresence, PRESENCE_STATUSES, setPresence } from './set-presence.ts';
import { streamChat } from './stream-chat.ts';
import { streamChatQueue } from './stream-chat-queue.ts';
import { takeChat } from './take-chat.ts';

const presence = z.enum(PRESENCE_STATUSES);

const chatItem = z.object({
  conversationId: z.uuid(),
  category: z.string().nullable(),
  commune: z.string().nullable().describe('Code INSEE de la commune comprise par le robot'),
  communeName: z.string().nullable(),
  danger: z.boolean().describe('Le robot a détecté un danger présent ou imminent'),
  dangerFlags: z
    .array(z.string())
    .describe(
      'Les indicateurs de danger reconnus (strangulation, threat_to_kill, weapon, author_present, children_threatened, recent_separation, pregnancy)',
    ),
  waitingSince: z.string().nullable().describe('Depuis quand la personne attend un policier (ISO 8601)'),
  extracted: z
    .array(z.string())
    .describe('Les types de faits compris par le robot (plate, phone, place…), jamais leurs valeurs'),
  agent: z.string().optional().describe('L’opérateur qui mène la conversation'),
});

const chatMessage = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  author: z.enum(['bot', 'citizen', 'agent', 'system']),
  text: z.string(),
  list: messageListSchema.optional().describe('Le résumé du robot, ses éléments en données'),
  at: z.string(),
  internal: z.boolean().describe('Note interne : jamais montrée à la personne'),
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
        response: { 200: z.object({ status: presence }), ...agentRefusals },
      },
    },
    async (request) => setPresence(deps, agentOf(request), request.body.status),
  );

  routes.get(
    '/api/v1/agent/presence',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'Présence de l’opérateur telle que l’affectation la voit (en ligne mais inactif trop longtemps : absent)',
        response: {
          200: z.object({ status: presence, awayAfterMinutes: z.number().int() }),
          ...agentRefusals,
        },
      },
    },
    async (request) => getPresence(deps, agentOf(request)),
  );

  routes.get(
    '/api/v1/chats/events',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'Flux temps réel (SSE) de la file et des conversations de l’opérateur : événement « chats » {queued, mine} à chaque changement',
        response: { 200: z.string().describe('text/event-stream'), ...agentRefusals },
      },
    },
    async (request, reply) => streamChatQueue(deps, request, reply, agentOf(request)),
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
        response: { 200: z.object({ items: z.array(chatItem) }), ...agentRefusals },
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
        params: chatParams,
        response: {
          200: z.object({ conversationId: z.uuid(), agent: z.string() }),
          404: errorSchema,
          409: errorSchema,
          ...agentRefusals,
        },
      },
    },
    async (request) => takeChat(deps, agentOf(request), request.params.conversationId),
  );

  routes.get(
    '/api/v1/chats/:conversationId',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'La conversation que l’opérateur mène : transcription (notes internes comprises) et faits compris par le robot',
        params: chatParams,
        response: {
          200: z.object({
            conversationId: z.uuid(),
            status: z.string(),
            category: z.string().nullable().describe('La catégorie comprise par le robot'),
            messages: z.array(chatMessage),
            facts: z.array(chatFactSchema),
          }),
          404: errorSchema,
          ...agentRefusals,
        },
      },
    },
    async (request) => getChat(deps, agentOf(request), request.params.conversationId),
  );

  routes.get(
    '/api/v1/chats/:conversationId/events',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'Flux temps réel (SSE) de la conversation : événement « message » (id = seq), reprise après Last-Event-ID',
        params: chatParams,
        response: { 200: z.string().describe('text/event-stream'), 404: errorSchema, ...agentRefusals },
      },
    },
    async (request, reply) =>
      streamChat(deps, request, reply, agentOf(request), request.params.conversationId),
  );

  routes.post(
    '/api/v1/chats/:conversationId/messages',
    {
      config: { access: 'agent' },
      schema: {
        tags,
        summary:
          'Écrire à la personne (« Policier de la plateforme », sans nom) ou une note interne qu’elle ne voit jamais',
        params: chatParams,
        body: z.object({
          text: z.string().min(1).max(MAX_CHAT_MESSAGE_LENGTH),
          internal: z.boolean().optional().describe('Note interne, réservée aux policiers'),
        }),
        response: {
          201: z.object({ message: chatMessage }),
          404: errorSchema,
          409: errorSchema,
          ...agentRefusals,
        },
      },
    },
    async (request, reply) => {
      const result = await postChatMessage(deps, agentOf(request), {
        conversationId: request.params.conversationId,
        text: request.body.text,
        ...(request.body.internal !== undefined && { internal: request.body.internal }),
      });
      return reply.status(201).send(result);
    },
  );
}
