import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Access } from './access.ts';

/** One route of the app as the route table records it (HEAD routes, Fastify's copies of GETs, left out). */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Every route of an app built by buildApp, recorded as it was declared: the OpenAPI test checks that
 * each API route is documented, and the authorization matrix that each one declares its access.
 */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  const table = tables.get(app);
  if (!table)
    throw new Error('table des routes absente : registerOpenApiRoute n’a pas été appelé sur cette app');
  return [...table];
}

/** Only the JSON API and the health check are documented; the citizen site's pages are not an API. */
export function isDocumentedUrl(url: string): boolean {
  return url.startsWith('/api/') || url === '/healthz';
}

// Derived from the route's declared access, so that a route cannot document one guard and apply another.
function securityOf(access: Access | undefined) {
  if (access === 'citizen') return [{ bearerToken: [] }];
  if (access && access !== 'public') return [{ cookieAuth: [] }];
  return undefined;
}

const transform: SwaggerTransform = (input) => {
  if (!isDocumentedUrl(input.url)) return { schema: { hide: true }, url: input.url };
  const result = jsonSchemaTransform(input);
  const security = securityOf(input.route.config?.access);
  if (!security || result.schema?.hide) return result;
  return { schema: { ...result.schema, security }, url: result.url };
};

interface Schema {
  type?: string;
  description?: string;
  anyOf?: Schema[];
  $ref?: string;
}
interface Operation {
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const COMPONENT_REF = /"#\/components\/schemas\/([^"]+)"/g;

/**
 * Finishes the document @fastify/swagger and the zod transform produce:
 * - a body the schema lets be null (or absent) is not required (@fastify/swagger always says it is);
 * - a response without a description of its own takes its component's, or a French default (not
 *   "Default Response");
 * - the zod transform emits every schema with an id twice, as read (`MessageInput`) and as written
 *   (`Message`), whether used or not: only the components the operations reach are kept.
 */
const transformObject: SwaggerTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as Document;
  const schemas = document.components?.schemas ?? {};
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const body = operation.requestBody;
      if (body?.content?.['application/json']?.schema?.anyOf?.some((branch) => branch.type === 'null')) {
        body.required = false;
      }
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response.description !== 'Default Response') continue;
        const ref = response.content?.['application/json']?.schema?.$ref;
        const own = ref && schemas[ref.slice(ref.lastIndexOf('/') + 1)]?.description;
        response.description = own || (status.startsWith('2') ? 'Succès' : 'Erreur');
      }
    }
  }
  const reached = new Set<string>();
  const visit = (value: unknown) => {
    for (const [, name] of JSON.stringify(value).matchAll(COMPONENT_REF)) {
      if (name && !reached.has(name)) {
        reached.add(name);
        visit(schemas[name]);
      }
    }
  };
  visit(document.paths);
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
  return document as ReturnType<SwaggerTransformObject>;
};

const DESCRIPTION = [
  'Signalement anonyme aux forces de l’ordre.',
  '',
  'Toutes les erreurs ont la forme `{"error":{"code","message"}}` : un code stable, que les programmes ' +
    'testent, et un message en français, que l’on peut montrer tel quel. ' +
    'Aucune adresse IP ni aucun User-Agent n’est conservé.',
  '',
  '**API citoyenne** : la conversation s’ouvre sans compte ; son jeton, donné une seule fois, ' +
    's’envoie en `Authorization: Bearer`. Le récépissé du signalement rouvre l’accès (`/api/v1/followup`).',
  '',
  '**API des agents** : la session est le cookie HttpOnly `vigie_console` (SameSite=Strict) posé par ' +
    '`/api/v1/auth/login`. Les écritures (POST, PUT, PATCH, DELETE) doivent venir de la console elle-même ' +
    '(même origine) avec un corps JSON (`Content-Type: application/json`), sinon 403 `same_origin_required` ' +
    'ou 415.',
].join('\n');

/**
 * Registers @fastify/swagger, which builds the OpenAPI 3.1 document from the zod schemas the routes
 * declare, and serves it at GET /api/openapi.json. Must run before any route is added (swagger and the
 * route table see only routes added after them): buildApp awaits it first.
 */
export async function registerOpenApiRoute(app: FastifyInstance): Promise<void> {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, access: route.config?.access });
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vigie — API citoyenne et API des agents', version: '1.0.0', description: DESCRIPTION },
      tags: [
        { name: 'citoyens', description: 'Signaler, suivre son signalement' },
        { name: 'agents', description: 'La console des forces de l’ordre (session par cookie)' },
        { name: 'exploitation', description: 'Supervision du service' },
        { name: 'documentation', description: 'Ce document' },
      ],
      components: {
        securitySchemes: {
          bearerToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'Le jeton de la conversation, donné à son ouverture ou par /api/v1/followup',
          },
          cookieAuth: {
            type: 'apiKey',
            in: 'cookie',
            name: 'vigie_console',
            description: 'La session d’un agent, posée par /api/v1/auth/login',
          },
        },
      },
    },
    transform,
    // Adds the schemas given an id (Error, Message, Option) as components.
    transformObject,
  });

  app.get(
    '/api/openapi.json',
    {
      config: { access: 'public' },
      schema: {
        tags: ['documentation'],
        summary: 'Ce document OpenAPI 3.1, généré depuis les schémas des routes',
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return app.swagger();
    },
  );
}
