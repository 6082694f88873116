import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { agentOf } from '../http/access.ts';
import { errorSchema, isoDate, messageListSchema } from '../http/api-schemas.ts';
import { askReporter } from './ask-reporter.ts';
import { addFact, editFact, FACT_TYPES } from './edit-fact.ts';
import { getReportAttachment } from './get-report-attachment.ts';
import { getReportFiche } from './get-report-fiche.ts';
import { listReports } from './list-reports.ts';
import { qualifyReport, RELIABILITIES, URGENCIES } from './qualify-report.ts';
import { REPORT_STATUSES } from './report-status.ts';
import { streamInbox } from './stream-inbox.ts';
import { streamReport } from './stream-report.ts';
import { transitionReport } from './transition-report.ts';

const reportId = z.object({ id: z.uuid() });
const statusEnum = z.enum(REPORT_STATUSES as [string, ...string[]]);

const listItem = z.object({
  id: z.uuid(),
  status: z.string(),
  category: z.string(),
  commune: z.string().nullable().describe('Code INSEE'),
  communeName: z.string().nullable(),
  departement: z.string().nullable().describe('Code du département, en chaîne ("25")'),
  unit: z.string().nullable().describe('Code de l’unité qui détient le signalement'),
  createdAt: z.string(),
  activityAt: z.string(),
  urgency: z.string(),
  emergency: z.boolean(),
  unread: z.boolean(),
});

const factView = z.object({
  id: z.uuid(),
  type: z.string(),
  value: z.string().describe('Valeur normalisée (plaque GH-482-KL, téléphone +33612345678…)'),
  label: z.string().describe('La valeur en clair, comme la lit le résumé du déclarant'),
  text: z.string().describe('Le passage du message d’où le fait vient'),
  messageId: z.uuid().nullable(),
  status: z.string(),
  original: z.object({ value: z.string(), text: z.string() }).optional(),
});

const messageView = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  author: z.enum(['bot', 'citizen', 'agent', 'system']),
  text: z.string(),
  list: messageListSchema.optional().describe('Le résumé du robot, ses éléments en données'),
  at: z.string(),
  internal: z.boolean(),
});

const fiche = z.object({
  id: z.uuid(),
  status: z.string(),
  category: z.string(),
  unit: z.string().nullable(),
  unitName: z.string().nullable(),
  suggestedUnit: z.string().nullable().describe('L’unité que propose la table de routage'),
  place: z.object({
    communeInsee: z.string().nullable(),
    commune: z.string().nullable(),
    departement: z.string().nullable(),
    address: z.string().nullable(),
    landmark: z.string().nullable(),
  }),
  urgency: z.string(),
  emergency: z.boolean(),
  dangerFlags: z
    .array(z.string())
    .describe('Les indicateurs de danger reconnus par le robot (catégories, jamais de contenu)'),
  wantsOfficer: z.boolean(),
  grading: z.object({ reliability: z.string().nullable(), credibility: z.number().nullable() }).optional(),
  rejectionMotive: z.string().nullable(),
  facts: z.array(factView),
  messages: z.array(messageView),
  attachments: z.array(z.object({ id: z.uuid(), mime: z.string(), bytes: z.number().int() })),
  history: z.array(
    z.object({
      from: z.string().nullable(),
      to: z.string(),
      at: z.string(),
      agent: z.string().nullable(),
      motive: z.string().nullable(),
      reason: z.string().nullable(),
      unit: z.string().nullable(),
    }),
  ),
  allowedTransitions: z.array(z.string()),
  createdAt: z.string(),
  transmittedAt: z.string().nullable(),
});

/** A photo opened by mistake as a page runs nothing and loads nothing. */
const PHOTO_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

const notFound = { 404: errorSchema, 401: errorSchema };

/** The agent API on reports: inbox, fiche, transitions, questions, qualification, facts, photos, streams. */
export async function registerAgentReportRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['signalements'];

  routes.get(
    '/api/v1/reports',
    {
      config: { access: 'reports' },
      schema: {
        tags,
        summary: 'Les signalements des unités de l’agent (non lus d’abord), sans leur contenu',
        querystring: z.object({
          status: statusEnum.optional(),
          q: z
            .string()
            .max(100)
            .optional()
            .describe('Plaque, téléphone, pseudo, commune ou début d’identifiant'),
          category: z.string().max(40).optional(),
          commune: z.string().max(5).optional().describe('Code INSEE'),
          from: isoDate.optional(),
          to: isoDate.optional(),
        }),
        response: {
          200: z.object({
            items: z.array(listItem),
            counts: z.object({ byStatus: z.record(z.string(), z.number()), unread: z.number() }),
          }),
          ...notFound,
        },
      },
    },
    async (request) => listReports(deps, agentOf(request), request.query),
  );

  routes.get(
    '/api/v1/reports/events',
    {
      config: { access: 'reports' },
      schema: {
        tags,
        summary:
          'Flux temps réel (SSE) de la boîte de réception : événement « inbox », reprise après Last-Event-ID',
        response: { 200: z.string().describe('text/event-stream'), ...notFound },
      },
    },
    async (request, reply) => streamInbox(deps, request, reply, agentOf(request)),
  );

  routes.get(
    '/api/v1/reports/:id',
    {
      config: { access: 'reports' },
      schema: {
        tags,
        summary:
          'La fiche : faits avec leur message d’origine, transcription, photos, qualification, historique',
        params: reportId,
        response: { 200: fiche, ...notFound },
      },
    },
    async (request) => getReportFiche(deps, agentOf(request), request.params.id),
  );

  routes.get(
    '/api/v1/reports/:id/events',
    {
      config: { access: 'reports' },
      schema: {
        tags,
        summary: 'Flux temps réel (SSE) de la fiche : nouveaux messages avec leurs faits, changement d’état',
        params: reportId,
        response: { 200: z.string().describe('text/event-stream'), ...notFound },
      },
    },
    async (request, reply) => streamReport(deps, request, reply, agentOf(request), request.params.id),
  );

  routes.post(
    '/api/v1/reports/:id/transitions',
    {
      config: { access: 'reports' },
      schema: {
        tags,
        summary: 'Changer l’état (transmettre, rejeter avec un motif, examiner, décider, clore)',
        params: reportId,
        body: z.object({
          to: z.string().max(40),
          reason: z.string().max(2000).optional(),
          motive: z.enum(['non_pertinent', 'doublon', 'malveillant']).optional(),
          unit: z
            .string()
            .max(40)
            .optional()
            .describe('Code de l’unité destinataire, si ce n’est pas celle de la table'),
        }),
        response: {
          200: z.object({ status: z.string() }),
          400: errorSchema,
          403: errorSchema,
          409: errorSchema,
          ...notFound,
        },
      },
    },
    async (request) =>
      transitionReport(deps, agentOf(request), { reportId: request.params.id, ...request.body }),
  );

  routes.post(
    '/api/v1/reports/:id/messages',
    {
      config: { access: 'reports' },
      schema: {
        tags,
        summary: 'Poser une question au déclarant (visible dans son espace de suivi)',
        params: reportId,
        body: z.object({ text: z.string().min(1).max(2000) }),
        response: {
          201: z.object({ message: messageView.omit({ internal: true }) }),
          409: errorSchema,
          ...notFound,
        },
      },
    },
    async (request, reply) => {
      const result = await askReporter(deps, agentOf(request), {
        reportId: request.params.id,
        text: request.body.text,
      });
      return reply.status(201).send(result);
    },
  );

  routes.patch(
    '/api/v1/reports/:id/qualification',
    {
      config: { access: 'reports' },
      schema: {
        tags,
        summary: 'Qualifier : catégorie, urgence, cotation (fiabilité A–F, crédibilité 1–6), lieu des faits',
        params: reportId,
        body: z.object({
          category: z.string().max(40).optional(),
          urgency: z.enum(URGENCIES).optional(),
          grading: z
            .object({
              reliability: z.enum(RELIABILITIES).nullable(),
              credibility: z.number().int().min(1).max(6).nullable(),
            })
            .nullable()
            .optional(),
          place: z
            .object({
              communeInsee: z.string().max(5).nullable().optional(),
              address: z.string().max(300).nullable().optional(),
              landmark: z.string().max(300).nullable().optional(),
            })
            .optional(),
        }),
        response: {
          200: z.object({ changed: z.array(z.string()) }),
          400: errorSchema,
          409: errorSchema,
          ...notFound,
        },
      },
    },
    async (request) =>
      qualifyReport(deps, agentOf(request), { reportId: request.params.id, ...request.body }),
  );

  routes.post(
    '/api/v1/reports/:id/facts',
    {
      config: { access: 'reports' },
      schema: {
        tags,
        summary: 'Ajouter un fait dit autrement (avec, si possible, le message d’où il vient)',
        params: reportId,
        body: z.object({
          type: z.enum(FACT_TYPES),
          value: z.string().min(1).max(500),
          text: z.string().max(1000).optional(),
          messageId: z.uuid().nullable().optional(),
        }),
        response: { 201: z.object({ fact: factView }), 400: errorSchema, 409: errorSchema, ...notFound },
      },
    },
    async (request, reply) => {
      const result = await addFact(deps, agentOf(request), { reportId: request.params.id, ...request.body });
      return reply.status(201).send(result);
    },
  );

  routes.patch(
    '/api/v1/reports/:id/facts/:factId',
    {
      config: { access: 'reports' },
      schema: {
        tags,
        summary: 'Confirmer, corriger, retirer ou rétablir un fait (l’original reste conservé)',
        params: z.object({ id: z.uuid(), factId: z.uuid() }),
        body: z.object({
          action: z.enum(['confirm', 'edit', 'remove', 'restore']),
          value: z.string().max(500).optional(),
          text: z.string().max(1000).optional(),
        }),
        response: { 200: z.object({ fact: factView }), 400: errorSchema, 409: errorSchema, ...notFound },
      },
    },
    async (request) =>
      editFact(deps, agentOf(request), {
        reportId: request.params.id,
        factId: request.params.factId,
        ...request.body,
      }),
  );

  routes.get(
    '/api/v1/reports/:id/attachments/:aid',
    {
      config: { access: 'reports' },
      // Route hooks run after the app's: the app-wide onSend would otherwise replace this stricter policy.
      onSend: async (_request, reply, payload) => {
        reply.header('content-security-policy', PHOTO_CSP);
        return payload;
      },
      schema: {
        tags,
        summary: 'Une photo du signalement (ré-encodée, sans métadonnées), en pièce jointe',
        params: z.object({ id: z.uuid(), aid: z.uuid() }),
        response: { 200: z.any().describe('image/jpeg, image/png ou image/webp'), ...notFound },
      },
    },
    async (request, reply) => {
      const file = await getReportAttachment(deps, agentOf(request), {
        reportId: request.params.id,
        attachmentId: request.params.aid,
      });
      const extension = file.mime.split('/')[1] ?? 'bin';
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', `attachment; filename="photo-${request.params.aid}.${extension}"`)
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    },
  );
}
