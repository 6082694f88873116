import type { FastifyInstance } from 'fastify';
import { CATEGORIES } from '../conversations/engine/index.ts';

const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: error } },
});
const json = (schema: object) => ({ 'application/json': { schema } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const bearer = [{ bearerToken: [] }];

/** The OpenAPI 3.1 description of the public citizen API v1, served at /api/openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Vigie — API citoyenne',
    version: '1.0.0',
    description:
      "Signalement anonyme. Aucune adresse IP ni User-Agent n'est conservé. Toutes les erreurs ont la forme " +
      '{"error":{"code","message"}} avec un message en français.',
  },
  components: {
    securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
      Option: {
        type: 'object',
        required: ['value', 'label'],
        properties: {
          value: { type: 'string' },
          label: { type: 'string' },
          exclusive: {
            type: 'boolean',
            description: 'Où plusieurs réponses se cumulent (multiple), celle-ci se choisit seule.',
          },
          group: {
            type: 'string',
            description: 'Les réponses d’un même groupe s’affichent ensemble, repliées sous ce titre.',
          },
        },
      },
      Message: {
        type: 'object',
        required: ['id', 'seq', 'author', 'text', 'at'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          seq: { type: 'integer', minimum: 1 },
          author: { enum: ['bot', 'citizen', 'agent', 'system'] },
          text: { type: 'string' },
          options: { type: 'array', items: { $ref: '#/components/schemas/Option' } },
          multiple: {
            type: 'boolean',
            description: 'Plusieurs réponses possibles : envoyer leurs valeurs séparées par des virgules.',
          },
          at: { type: 'string', format: 'date-time' },
        },
      },
      Category: { enum: [...CATEGORIES] },
    },
  },
  paths: {
    '/api/v1/conversations': {
      post: {
        summary: 'Ouvrir une conversation anonyme',
        requestBody: {
          required: false,
          content: json({
            type: 'object',
            properties: { category: { $ref: '#/components/schemas/Category' }, locale: { type: 'string' } },
          }),
        },
        responses: {
          201: {
            description: 'Conversation ouverte ; le jeton n’est donné qu’une fois',
            content: json({
              type: 'object',
              required: ['id', 'token', 'messages'],
              properties: {
                id: { type: 'string', format: 'uuid' },
                token: { type: 'string' },
                messages: { type: 'array', items: { $ref: '#/components/schemas/Message' } },
              },
            }),
          },
          400: errorResponse('Entrée invalide'),
          429: errorResponse('Trop de conversations ouvertes depuis cette adresse (limite par 15 minutes)'),
        },
      },
    },
    '/api/v1/conversations/{id}': {
      get: {
        summary: 'Lire une conversation',
        security: bearer,
        parameters: [idParam],
        responses: {
          200: {
            description: 'La conversation',
            content: json({
              type: 'object',
              required: ['id', 'status', 'category', 'messages'],
              properties: {
                id: { type: 'string' },
                status: { type: 'string' },
                category: { anyOf: [{ $ref: '#/components/schemas/Category' }, { type: 'null' }] },
                messages: { type: 'array', items: { $ref: '#/components/schemas/Message' } },
                canSubmit: { type: 'boolean' },
                reportStatus: {
                  type: 'object',
                  properties: { code: { enum: ['recu', 'en_cours', 'traite'] }, label: { type: 'string' } },
                },
              },
            }),
          },
          401: errorResponse('Jeton invalide'),
        },
      },
    },
    '/api/v1/conversations/{id}/messages': {
      post: {
        summary: 'Envoyer un message (texte libre ou choix proposé)',
        security: bearer,
        parameters: [idParam],
        requestBody: {
          required: true,
          content: json({
            oneOf: [
              {
                type: 'object',
                required: ['text'],
                properties: { text: { type: 'string', maxLength: 5000 } },
              },
              { type: 'object', required: ['option'], properties: { option: { type: 'string' } } },
            ],
          }),
        },
        responses: {
          201: {
            description: 'Le message du citoyen et les réponses du robot',
            content: json({
              type: 'object',
              properties: { messages: { type: 'array', items: { $ref: '#/components/schemas/Message' } } },
            }),
          },
          400: errorResponse('Message vide, trop long ou choix non proposé'),
          401: errorResponse('Jeton invalide'),
          409: errorResponse('Conversation terminée, ou longueur maximale atteinte'),
          503: errorResponse(
            'Service surchargé (code overloaded) : le message n’a pas été enregistré, réessayer après Retry-After',
          ),
        },
      },
    },
    '/api/v1/conversations/{id}/events': {
      get: {
        summary: 'Flux temps réel (SSE) : événement « message », id = seq, reprise après Last-Event-ID',
        security: bearer,
        parameters: [
          idParam,
          { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'integer' } },
        ],
        responses: {
          200: {
            description: 'text/event-stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          401: errorResponse('Jeton invalide'),
        },
      },
    },
    '/api/v1/conversations/{id}/attachments': {
      post: {
        summary: 'Joindre une photo (JPEG, PNG, WebP) ; les métadonnées sont supprimées',
        security: bearer,
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
            },
          },
        },
        responses: {
          201: {
            description: 'Photo enregistrée',
            content: json({
              type: 'object',
              properties: { id: { type: 'string' }, mime: { type: 'string' }, bytes: { type: 'integer' } },
            }),
          },
          413: errorResponse('Fichier trop volumineux ou trop de photos'),
          415: errorResponse('Type de fichier non accepté'),
        },
      },
    },
    '/api/v1/conversations/{id}/submit': {
      post: {
        summary: 'Transmettre le signalement ; le récépissé n’est donné qu’une fois',
        security: bearer,
        parameters: [idParam],
        responses: {
          201: {
            description: 'Signalement créé',
            content: json({ type: 'object', properties: { receipt: { type: 'string' } } }),
          },
          409: errorResponse('Rien à transmettre, ou déjà transmis'),
        },
      },
    },
    '/api/v1/followup': {
      post: {
        summary: 'Reprendre un signalement avec son récépissé',
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['receipt'],
            properties: { receipt: { type: 'string' } },
          }),
        },
        responses: {
          200: {
            description: 'Accès rouvert : utilisez le jeton sur les routes de conversation',
            content: json({
              type: 'object',
              properties: { id: { type: 'string' }, token: { type: 'string' } },
            }),
          },
          401: errorResponse('Récépissé inconnu ou expiré (code invalid_receipt)'),
          429: errorResponse('Trop de tentatives'),
        },
      },
    },
    '/healthz': {
      get: {
        summary: 'État du service',
        responses: { 200: { description: 'La base répond' }, 503: { description: 'La base ne répond pas' } },
      },
    },
  },
} as const;

export async function registerOpenApiRoute(app: FastifyInstance): Promise<void> {
  app.get('/api/openapi.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return openApiDocument;
  });
}
