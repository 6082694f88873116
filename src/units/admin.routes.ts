import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAgents } from '../agents/agent.repo.ts';
import { createAgent } from '../agents/create-agent.ts';
import { disableAgent } from '../agents/disable-agent.ts';
import { ROLES } from '../agents/roles.ts';
import type { AppDeps } from '../app-deps.ts';
import { agentOf } from '../http/access.ts';
import { agentRefusals, errorSchema } from '../http/api-schemas.ts';
import { removeRoutingRule, saveRoutingRule, saveUnit } from './manage-units.ts';
import { listRoutingRules, listUnits } from './unit.repo.ts';

const unitView = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  departements: z.array(z.string()),
  zones: z.array(z.string()),
  categories: z.array(z.string()),
});

/**
 * Units (any agent reads them: an operator picks where to transmit) and the administrator's API:
 * accounts, units and the routing table. Nothing here reads a report.
 */
export async function registerAdminRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/units',
    {
      config: { access: 'agent' },
      schema: {
        tags: ['unités'],
        summary: 'Les unités, leur territoire et leurs catégories',
        response: { 200: z.object({ items: z.array(unitView) }), ...agentRefusals },
      },
    },
    async () => ({
      items: (await listUnits(deps.db)).map(({ id: _id, ...unit }) => unit),
    }),
  );

  routes.get(
    '/api/v1/admin/agents',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'Les comptes des agents',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                username: z.string(),
                role: z.string(),
                units: z.array(z.string()),
                createdAt: z.string(),
                disabledAt: z.string().nullable(),
              }),
            ),
          }),
          ...agentRefusals,
        },
      },
    },
    async () => ({
      items: (await listAgents(deps.db)).map((a) => ({
        username: a.username,
        role: a.role,
        units: a.units,
        createdAt: a.created_at.toISOString(),
        disabledAt: a.disabled_at?.toISOString() ?? null,
      })),
    }),
  );

  routes.post(
    '/api/v1/admin/agents',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'Créer un compte : le mot de passe et le secret TOTP ne sont donnés qu’une fois',
        body: z.object({
          username: z.string().min(3).max(64),
          role: z.enum(ROLES),
          units: z.array(z.string().max(40)).max(10).default([]),
          password: z.string().max(256).optional(),
        }),
        response: {
          201: z.object({
            username: z.string(),
            password: z.string(),
            totpSecret: z.string(),
            otpauthUrl: z.string(),
          }),
          400: errorSchema,
          409: errorSchema,
          ...agentRefusals,
        },
      },
    },
    async (request, reply) => {
      const created = await createAgent(deps, {
        username: request.body.username,
        role: request.body.role,
        unitCodes: request.body.units,
        password: request.body.password,
        actorId: agentOf(request).id,
      });
      return reply.status(201).send(created);
    },
  );

  routes.post(
    '/api/v1/admin/agents/:username/disable',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'Désactiver un compte : ses sessions prennent fin aussitôt',
        params: z.object({ username: z.string().max(64) }),
        response: { 200: z.object({ sessionsEnded: z.number() }), 404: errorSchema, ...agentRefusals },
      },
    },
    async (request) =>
      disableAgent(deps, { username: request.params.username, actorId: agentOf(request).id }),
  );

  routes.get(
    '/api/v1/admin/units',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'Les unités (administration)',
        response: { 200: z.object({ items: z.array(unitView) }), ...agentRefusals },
      },
    },
    async () => ({ items: (await listUnits(deps.db)).map(({ id: _id, ...unit }) => unit) }),
  );

  routes.put(
    '/api/v1/admin/units/:code',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'Créer ou modifier une unité : nom, type, territoire (départements, zones), catégories',
        params: z.object({ code: z.string().regex(/^[A-Z0-9_-]{2,20}$/) }),
        body: z.object({
          name: z.string().min(2).max(120),
          kind: z.enum(['plateforme', 'cros', 'bpf', 'commissariat', 'brigade']),
          departements: z.array(z.string().regex(/^(\d{2}|2A|2B|97\d)$/)).max(20),
          zone: z.enum(['police', 'gendarmerie', 'toutes']).default('toutes'),
          categories: z.array(z.string().max(40)).max(10),
        }),
        response: { 200: z.object({ code: z.string() }), 400: errorSchema, ...agentRefusals },
      },
    },
    async (request) => saveUnit(deps, agentOf(request), { code: request.params.code, ...request.body }),
  );

  routes.get(
    '/api/v1/admin/routing',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'La table de routage : catégorie × département → unité',
        response: {
          200: z.object({
            items: z.array(z.object({ category: z.string(), departement: z.string(), unit: z.string() })),
          }),
          ...agentRefusals,
        },
      },
    },
    async () => ({
      items: (await listRoutingRules(deps.db)).map((r) => ({
        category: r.category,
        departement: r.departement_code,
        unit: r.unit,
      })),
    }),
  );

  routes.put(
    '/api/v1/admin/routing',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'Définir l’unité d’une catégorie dans un département',
        body: z.object({
          category: z.string().max(40),
          departement: z.string().max(3),
          unit: z.string().max(40),
        }),
        response: { 200: z.object({ ok: z.literal(true) }), 400: errorSchema, ...agentRefusals },
      },
    },
    async (request) => saveRoutingRule(deps, agentOf(request), request.body),
  );

  routes.delete(
    '/api/v1/admin/routing/:category/:departement',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administration'],
        summary: 'Retirer une règle de routage (les signalements restent à la plateforme)',
        params: z.object({ category: z.string().max(40), departement: z.string().max(3) }),
        response: { 200: z.object({ ok: z.literal(true) }), ...agentRefusals },
      },
    },
    async (request) => removeRoutingRule(deps, agentOf(request), request.params),
  );
}
