import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { readUploadedPhoto } from '../attachments/read-uploaded-photo.ts';
import { uploadAttachment } from '../attachments/upload-attachment.ts';
import { errorResponse, messageSchema, uuidOut } from '../http/api-schemas.ts';
import { credentialsFromRequest } from '../http/citizen-credentials.ts';
import { openFollowup } from '../reports/open-followup.ts';
import type { citizenStatusOf } from '../reports/report-status.ts';
import { submitReport } from '../reports/submit-report.ts';
import { authorizeCitizen } from './conversation-access.ts';
import { type ConversationStatus, conversationTransitions } from './conversation-status.ts';
import { CATEGORIES, type Category } from './engine/index.ts';
import { getConversation } from './get-conversation.ts';
import { MAX_MESSAGE_LENGTH, MAX_OPTION_LENGTH, postCitizenMessage } from './post-citizen-message.ts';
import { startConversation } from './start-conversation.ts';
import { streamConversationEvents } from './stream-conversation-events.ts';

const categorySchema = z.enum(CATEGORIES);
// Nullish: an empty body arrives as null (Fastify validates a missing body as null), and `null` was
// always taken for no body.
const startBody = z
  .object({ category: categorySchema.optional(), locale: z.string().max(10).optional() })
  .strict()
  .nullish();
// The text's own limit (MAX_MESSAGE_LENGTH) is checked by the use case, with its own message; this one
// only stops a body too big to be worth reading.
const messageBody = z.union([
  z
    .object({
      text: z.string().max(20_000).describe(`Texte libre (${MAX_MESSAGE_LENGTH} caractères au plus)`),
    })
    .strict(),
  z
    .object({
      option: z
        .string()
        .min(1)
        .max(MAX_OPTION_LENGTH)
        .describe(
          'La valeur d’un choix proposé, plusieurs séparées par des virgules, ou skip / talk_to_officer',
        ),
    })
    .strict(),
]);
const followupBody = z.object({ receipt: z.string().max(100) }).strict();
// Not z.uuid(): a malformed id is refused like a wrong token (401), by the policy, not here.
const idParams = z.object({ id: z.string().max(64).describe('Identifiant de la conversation (UUID)') });
// Never validated beyond this: multipart parts are read by the handler once the token is checked, so
// this schema accepts anything and only documents the form.
const photoForm = z.any().meta({
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'Photo JPEG, PNG ou WebP' } },
});
// The SSE route reads these itself (lastEventIdOf); they are documented, never refused.
const eventsQuery = z.looseObject({
  lastEventId: z.any().optional().meta({ type: 'string', description: 'Comme l’en-tête Last-Event-ID' }),
});
const eventsHeaders = z.looseObject({
  'last-event-id': z.string().optional().describe('Reprendre après ce numéro de message (seq)'),
});

const unauthorized = errorResponse('Identifiant de conversation ou jeton invalide (code unauthorized)');
const messagesResponse = z.object({ messages: z.array(messageSchema) });
const tags = ['citoyens'];
const bearerAccess = { access: 'citizen' } as const;

/** The public citizen API v1 (JSON): partner apps, the live chat script and the acceptance tests use it. */
export async function registerCitizenApiRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/api/v1/conversations',
    {
      config: { access: 'public', invalidInputMessage: 'Catégorie inconnue ou champ non reconnu.' },
      schema: {
        tags,
        summary: 'Ouvrir une conversation anonyme ; le jeton n’est donné qu’une fois',
        body: startBody,
        response: {
          201: z
            .object({ id: uuidOut, token: z.string(), messages: z.array(messageSchema) })
            .describe('Conversation ouverte : son identifiant, son jeton et les premiers messages du robot'),
          400: errorResponse('Catégorie inconnue ou champ non reconnu'),
          429: errorResponse('Trop de conversations ouvertes depuis cette adresse (limite par 15 minutes)'),
        },
      },
    },
    async (request, reply) => {
      const started = await startConversation(deps, {
        category: request.body?.category,
        clientAddress: request.ip,
      });
      return reply
        .status(201)
        .send({ id: started.conversationId, token: started.token, messages: started.messages });
    },
  );

  routes.get(
    '/api/v1/conversations/:id',
    {
      config: bearerAccess,
      schema: {
        tags,
        summary: 'Lire une conversation',
        params: idParams,
        response: {
          200: z
            .object({
              id: uuidOut,
              status: z.enum(
                Object.keys(conversationTransitions) as [ConversationStatus, ...ConversationStatus[]],
              ),
              category: categorySchema.nullable(),
              messages: z.array(messageSchema),
              canSubmit: z.boolean().describe('Le signalement peut être transmis'),
              reportStatus: z
                .object({ code: z.enum(['recu', 'en_cours', 'traite']), label: z.string() })
                .optional()
                .describe('Où en est le signalement, une fois transmis'),
              attachments: z.array(z.object({ id: uuidOut, mime: z.string(), bytes: z.number().int() })),
            })
            .describe('La conversation, ses messages et ses photos'),
          401: unauthorized,
        },
      },
    },
    async (request) => {
      const view = await getConversation(deps, credentialsFromRequest(request, request.params.id));
      // The view types these as strings; the response schema checks them against their lists.
      return {
        id: view.id,
        status: view.status as ConversationStatus,
        category: view.category as Category | null,
        messages: view.messages,
        canSubmit: view.canSubmit,
        ...(view.reportStatus && { reportStatus: view.reportStatus as ReturnType<typeof citizenStatusOf> }),
        attachments: view.attachments,
      };
    },
  );

  routes.post(
    '/api/v1/conversations/:id/messages',
    {
      config: { ...bearerAccess, invalidInputMessage: 'Envoyez {"text": "…"} ou {"option": "…"}.' },
      schema: {
        tags,
        summary: 'Envoyer un message (texte libre ou choix proposé)',
        params: idParams,
        body: messageBody,
        response: {
          201: messagesResponse.describe('Le message du citoyen et les réponses du robot'),
          400: errorResponse('Message vide, trop long ou choix non proposé (code invalid_input)'),
          401: unauthorized,
          409: errorResponse('Conversation terminée, ou longueur maximale atteinte'),
          503: errorResponse(
            'Service surchargé (code overloaded) : le message n’a pas été enregistré, réessayer après Retry-After',
          ),
        },
      },
    },
    async (request, reply) => {
      const result = await postCitizenMessage(deps, {
        ...credentialsFromRequest(request, request.params.id),
        ...request.body,
      });
      return reply.status(201).send(result);
    },
  );

  routes.get(
    '/api/v1/conversations/:id/events',
    {
      config: bearerAccess,
      schema: {
        tags,
        summary: 'Flux temps réel (SSE) : événement « message », id = seq, reprise après Last-Event-ID',
        params: idParams,
        querystring: eventsQuery,
        headers: eventsHeaders,
        response: {
          200: {
            description:
              'Un événement par message : « event: message », « id: <seq> », « data: <Message en JSON> »',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          401: unauthorized,
          503: errorResponse('Trop de flux ouverts sur ce serveur'),
        },
      },
    },
    async (request, reply) => {
      await streamConversationEvents(
        deps,
        request,
        reply,
        credentialsFromRequest(request, request.params.id),
      );
    },
  );

  routes.post(
    '/api/v1/conversations/:id/attachments',
    {
      config: bearerAccess,
      schema: {
        tags,
        summary: 'Joindre une photo (JPEG, PNG, WebP) ; les métadonnées sont supprimées',
        consumes: ['multipart/form-data'],
        params: idParams,
        body: photoForm,
        response: {
          201: z
            .object({ id: uuidOut, mime: z.string(), bytes: z.number().int() })
            .describe('Photo enregistrée'),
          400: errorResponse('Aucune photo, ou photo illisible'),
          401: unauthorized,
          413: errorResponse('Fichier trop volumineux ou trop de photos'),
          415: errorResponse('Type de fichier non accepté'),
        },
      },
    },
    async (request, reply) => {
      const credentials = credentialsFromRequest(request, request.params.id);
      // Checked before reading up to 15 MB from someone who may not hold the conversation's token.
      await authorizeCitizen(deps, deps.db, credentials);
      const bytes = await readUploadedPhoto(request, deps.config.uploads.maxBytes);
      const attachment = await uploadAttachment(deps, { ...credentials, bytes });
      return reply.status(201).send(attachment);
    },
  );

  routes.post(
    '/api/v1/conversations/:id/submit',
    {
      config: bearerAccess,
      schema: {
        tags,
        summary: 'Transmettre le signalement ; le récépissé n’est donné qu’une fois',
        params: idParams,
        response: {
          201: z
            .object({ receipt: z.string().describe('Récépissé XXXX-XXXX-XXXX-XXXX') })
            .describe('Signalement transmis : le récépissé, à noter, ne sera plus redonné'),
          401: unauthorized,
          409: errorResponse('Rien à transmettre, ou déjà transmis'),
        },
      },
    },
    async (request, reply) => {
      const { receipt } = await submitReport(deps, credentialsFromRequest(request, request.params.id));
      return reply.status(201).send({ receipt });
    },
  );

  routes.post(
    '/api/v1/followup',
    {
      config: { access: 'public', invalidInputMessage: 'Indiquez votre récépissé : {"receipt": "…"}.' },
      schema: {
        tags,
        summary: 'Reprendre un signalement avec son récépissé',
        body: followupBody,
        response: {
          200: z
            .object({ id: uuidOut, token: z.string() })
            .describe('Accès rouvert : utilisez le jeton sur les routes de conversation'),
          400: errorResponse('Récépissé absent'),
          401: errorResponse('Récépissé inconnu ou expiré (code invalid_receipt)'),
          429: errorResponse('Trop de tentatives'),
        },
      },
    },
    async (request) => {
      const opened = await openFollowup(deps, { receipt: request.body.receipt, clientAddress: request.ip });
      return { id: opened.conversationId, token: opened.token };
    },
  );
}
