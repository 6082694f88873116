import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { receivePhoto } from '../attachments/receive-photo.ts';
import { errorResponse, messageSchema, uuidOut } from '../http/api-schemas.ts';
import { credentialsFromRequest } from '../http/citizen-credentials.ts';
import { openFollowup } from '../reports/open-followup.ts';
import type { citizenStatusOf } from '../reports/report-status.ts';
import { showReceiptAgain } from '../reports/show-receipt-again.ts';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../reports/submit-idempotency.ts';
import { submitReport } from '../reports/submit-report.ts';
import { authorizeCitizen } from './conversation-access.ts';
import { type ConversationStatus, conversationTransitions } from './conversation-status.ts';
import { CATEGORIES, type Category } from './engine/index.ts';
import { getConversation } from './get-conversation.ts';
import { MAX_FOLLOWUP_MESSAGES, MAX_MESSAGES_PER_CONVERSATION } from './message-limits.ts';
import { MAX_MESSAGE_LENGTH, MAX_OPTION_LENGTH, postCitizenMessage } from './post-citizen-message.ts';
import { startConversation } from './start-conversation.ts';
import { streamConversationEvents } from './stream-conversation-events.ts';
import { TURN_WINDOW_MS, TURNS_PER_WINDOW, TurnRateLimitedError } from './turn-rate-limit.ts';

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

// Checked again by submitReport; declared here so that the document says what a retry sends.
const submitHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(MAX_IDEMPOTENCY_KEY_LENGTH)
    .optional()
    .describe(
      'Clé choisie par l’application pour cette transmission (1 à 200 caractères, par exemple un UUID) : ' +
        'la même clé renvoyée dans l’heure redonne le même récépissé',
    ),
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
              queue: z
                .object({
                  position: z.number().int().describe('Place dans la file (1 : la prochaine)'),
                  operatorsOnline: z.boolean().describe('Un policier est en ligne pour la prendre'),
                })
                .optional()
                .describe('En attente d’un policier (status waiting_agent)'),
              receiptReady: z
                .boolean()
                .describe(
                  'Le policier a transmis le signalement pendant la conversation : le récépissé attend cet appareil (POST …/receipt)',
                ),
            })
            .describe('La conversation, ses messages et ses photos'),
          401: unauthorized,
        },
      },
    },
    async (request) => {
      const view = await getConversation(
        deps,
        credentialsFromRequest(request, request.params.id, deps.config.secureCookies),
      );
      // The view types these as strings; the response schema checks them against their lists.
      return {
        id: view.id,
        status: view.status as ConversationStatus,
        category: view.category as Category | null,
        messages: view.messages,
        canSubmit: view.canSubmit,
        ...(view.reportStatus && { reportStatus: view.reportStatus as ReturnType<typeof citizenStatusOf> }),
        attachments: view.attachments,
        receiptReady: view.receiptReady,
        ...(view.queue && { queue: view.queue }),
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
          409: errorResponse(
            'Conversation terminée (conversation_closed), longueur maximale atteinte avant transmission ' +
              `(conversation_too_long, ${MAX_MESSAGES_PER_CONVERSATION} messages), ou nombre maximal de ` +
              `messages de suivi atteint après transmission (followup_too_long, ${MAX_FOLLOWUP_MESSAGES})`,
          ),
          429: errorResponse(
            `Plus de ${TURNS_PER_WINDOW} messages en ${TURN_WINDOW_MS / 1000} s dans cette conversation ` +
              '(code too_many_messages) : rien n’a été enregistré, réessayer après Retry-After',
          ),
          503: errorResponse(
            'Service surchargé (code overloaded) : le message n’a pas été enregistré, réessayer après Retry-After',
          ),
        },
      },
    },
    async (request, reply) => {
      try {
        const result = await postCitizenMessage(deps, {
          ...credentialsFromRequest(request, request.params.id, deps.config.secureCookies),
          ...request.body,
        });
        return reply.status(201).send(result);
      } catch (error) {
        if (error instanceof TurnRateLimitedError)
          reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
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
          429: errorResponse(
            'Trop de flux ouverts depuis ce réseau (code too_many_streams) ; un flux prend fin après une trentaine de minutes : le navigateur se reconnecte avec Last-Event-ID',
          ),
          503: errorResponse('Trop de flux ouverts sur ce serveur'),
        },
      },
    },
    async (request, reply) => {
      await streamConversationEvents(
        deps,
        request,
        reply,
        credentialsFromRequest(request, request.params.id, deps.config.secureCookies),
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
          413: errorResponse(
            'Fichier trop volumineux, trop de photos, ou trop d’octets pour cette conversation (photos_too_heavy)',
          ),
          415: errorResponse('Type de fichier non accepté'),
          429: errorResponse('Trop de photos envoyées depuis ce réseau en 15 minutes (too_many_uploads)'),
          503: errorResponse(
            'Trop de photos en cours de traitement (uploads_busy) : réessayer après Retry-After',
          ),
        },
      },
    },
    async (request, reply) => {
      const credentials = credentialsFromRequest(request, request.params.id, deps.config.secureCookies);
      // Checked before reading up to 15 MB from someone who may not hold the conversation's token.
      await authorizeCitizen(deps, deps.db, credentials);
      // Bounded: uploads held and decoded at once (503 uploads_busy), bytes per client (429), per
      // conversation (413).
      const attachment = await receivePhoto(deps, request, reply, credentials);
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
        description:
          'Avec un en-tête Idempotency-Key (une valeur choisie par l’application, la même à chaque nouvel ' +
          'essai), une application qui a perdu la réponse peut renvoyer la même requête : avec la même clé, ' +
          `le même jeton et dans l’heure qui suit la transmission, la réponse est de nouveau 201 avec le même ` +
          'récépissé (recalculé, jamais conservé). Une autre clé, ou aucune, après la transmission : 409 ' +
          'already_submitted.',
        params: idParams,
        headers: submitHeaders,
        response: {
          201: z
            .object({ receipt: z.string().describe('Récépissé XXXX-XXXX-XXXX-XXXX') })
            .describe(
              'Signalement transmis : le récépissé, à noter, ne sera plus redonné (sauf reprise avec la même Idempotency-Key dans l’heure)',
            ),
          400: errorResponse(
            `En-tête Idempotency-Key vide ou trop long (plus de ${MAX_IDEMPOTENCY_KEY_LENGTH} caractères)`,
          ),
          401: unauthorized,
          409: errorResponse(
            'Rien à transmettre (nothing_to_submit), ou déjà transmis (already_submitted : sans la même ' +
              'Idempotency-Key, ou plus d’une heure après)',
          ),
        },
      },
    },
    async (request, reply) => {
      const { receipt } = await submitReport(deps, {
        ...credentialsFromRequest(request, request.params.id, deps.config.secureCookies),
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(201).send({ receipt });
    },
  );

  routes.post(
    '/api/v1/conversations/:id/receipt',
    {
      config: bearerAccess,
      schema: {
        tags,
        summary:
          'Le récépissé d’un signalement transmis par le policier pendant la conversation (receiptReady), pour cet appareil seulement',
        description:
          'Le récépissé est calculé à partir du jeton de cet appareil : le premier appareil de la conversation ' +
          'qui le demande l’obtient, puis peut le redemander pendant une heure. Jamais conservé, jamais vu du policier.',
        params: idParams,
        response: {
          200: z.object({
            receipt: z.string().describe('Récépissé XXXX-XXXX-XXXX-XXXX'),
            shownAgain: z.boolean(),
          }),
          401: unauthorized,
          409: errorResponse('Pas de récépissé pour cet appareil (already_submitted)'),
        },
      },
    },
    async (request) =>
      showReceiptAgain(deps, credentialsFromRequest(request, request.params.id, deps.config.secureCookies)),
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
