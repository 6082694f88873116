import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MessageView } from '../../src/conversations/message-codec.ts';
import { messageSchema } from '../../src/http/api-schemas.ts';
import { isDocumentedUrl, registerOpenApiRoute, routeTable } from '../../src/http/openapi.routes.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
  components?: { schemas?: Record<string, unknown> };
}

async function documentOf(app: FastifyInstance): Promise<OpenApiDocument> {
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(response.statusCode, 200, response.body);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  assert.equal(response.headers['cache-control'], 'public, max-age=300');
  return JSON.parse(response.body);
}

/** The API routes (method and OpenAPI path, `:id` written `{id}`) that the document leaves out. */
function undocumentedRoutes(app: FastifyInstance, document: OpenApiDocument): string[] {
  return routeTable(app)
    .filter((route) => isDocumentedUrl(route.url))
    .map((route) => ({ method: route.method, path: route.url.replace(/:(\w+)/g, '{$1}') }))
    .filter(({ method, path }) => !document.paths[path]?.[method.toLowerCase()])
    .map(({ method, path }) => `${method} ${path}`);
}

describe('the OpenAPI document of the running app', { skip: needsDatabase }, () => {
  const t = useTestApp();

  test('documents every citizen and agent API route and /healthz, from their schemas', async () => {
    const { app } = t();
    const document = await documentOf(app);
    assert.match(document.openapi, /^3\.1\.\d+$/);
    assert.deepEqual(undocumentedRoutes(app, document), []);
    // The known routes of both APIs, in case the route table itself went missing.
    for (const [method, path] of [
      ['post', '/api/v1/conversations'],
      ['post', '/api/v1/conversations/{id}/messages'],
      ['get', '/api/v1/conversations/{id}/events'],
      ['post', '/api/v1/conversations/{id}/attachments'],
      ['post', '/api/v1/followup'],
      ['post', '/api/v1/auth/login'],
      ['get', '/healthz'],
    ] as const) {
      assert.ok(document.paths[path]?.[method], `${method} ${path}`);
    }
    for (const [path, operations] of Object.entries(document.paths)) {
      assert.ok(isDocumentedUrl(path), `${path} : les pages du site ne sont pas une API`);
      for (const [method, operation] of Object.entries(operations)) {
        assert.ok(operation.summary && operation.tags?.length, `${method} ${path} : résumé et tag`);
      }
    }
    // Every component a route points to is in the document, and nothing else.
    const references = new Set(
      [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]),
    );
    assert.deepEqual(Object.keys(document.components?.schemas ?? {}).sort(), [...references].sort());
  });

  test('every route recorded in the route table, HEAD left out', () => {
    const table = routeTable(t().app);
    assert.ok(
      table.some(
        (r) => r.method === 'GET' && r.url === '/api/v1/conversations/:id' && r.access === 'citizen',
      ),
    );
    assert.ok(table.some((r) => r.method === 'POST' && r.url === '/signaler'));
    assert.ok(!table.some((r) => r.method === 'HEAD'));
  });
});

test('a route left out of the document is reported (schema.hide)', async () => {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await registerOpenApiRoute(app);
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    '/api/v1/shown/:id',
    { schema: { summary: 'Montrée', params: z.object({ id: z.string() }) } },
    () => '',
  );
  routes.get('/api/v1/hidden', { schema: { hide: true } }, () => '');
  routes.get('/page', () => '');
  const document = await documentOf(app);
  assert.deepEqual(undocumentedRoutes(app, document), ['GET /api/v1/hidden']);
  assert.ok(document.paths['/api/v1/shown/{id}']?.get);
  assert.equal(document.paths['/page'], undefined);
  await app.close();
});

test('the response schema of messages lets a message through unchanged, optional fields included', () => {
  const full: MessageView = {
    id: crypto.randomUUID(),
    seq: 3,
    author: 'bot',
    text: "Qu'avez-vous vu ?",
    options: [
      { value: 'vente', label: 'De la vente', group: 'Sur place' },
      { value: 'ne_sais_pas', label: 'Je ne sais pas', exclusive: true },
    ],
    multiple: true,
    at: new Date().toISOString(),
  };
  const bare: MessageView = { id: crypto.randomUUID(), seq: 4, author: 'citizen', text: 'Oui', at: full.at };
  const serialize = serializerCompiler({
    schema: z.object({ messages: z.array(messageSchema) }),
    method: 'POST',
    url: '/api/v1/conversations/:id/messages',
    httpStatus: '201',
  });
  assert.deepEqual(JSON.parse(serialize({ messages: [full, bare] })), { messages: [full, bare] });
});
