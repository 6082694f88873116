import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppDeps } from './app-deps.ts';
import { registerConsoleSurface } from './console/console-surface.ts';
import { registerCitizenApiRoutes } from './conversations/citizen-api.routes.ts';
import { AppError } from './errors.ts';
import { registerAccessControl } from './http/access.ts';
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandler } from './http/error-handler.ts';
import { registerHealthRoutes } from './http/health.routes.ts';
import { registerOpenApiRoute } from './http/openapi.routes.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerWebRoutes, renderErrorPage } from './web/web.routes.ts';

/** VIGIE_TRUST_PROXY as Fastify takes it: a hop count, or a list of proxy addresses. */
function trustedProxies(setting: number | string | undefined) {
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return setting ?? false;
}

const STATIC_PREFIX = /^\/(assets|dsfr)\//;

/**
 * What an app serves: the citizen site and API, the console and the agent API, or both (the default,
 * one port for a newcomer). A deployment serves them apart (VIGIE_CONSOLE_PORT / VIGIE_CONSOLE_HOST) so
 * that the console is reachable only from the police network.
 */
export interface Surfaces {
  citizen: boolean;
  console: boolean;
}

const BOTH: Surfaces = { citizen: true, console: true };

/**
 * Builds the Fastify application from its dependencies; never listens (server.ts does), so tests drive it
 * with `app.inject()`. The logger never sees addresses: see src/logger.ts.
 */
export async function buildApp(deps: AppDeps, surfaces: Surfaces = BOTH): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Off unless configured: behind a reverse proxy every citizen would otherwise share the proxy's
    // address in the receipt throttle. The address is only ever hashed in memory (security/).
    trustProxy: trustedProxies(deps.config.trustProxy),
    bodyLimit: 64 * 1024,
    forceCloseConnections: true,
    // A client trickling its request (slowloris) is cut off; 5 minutes leaves a 15 MB photo time to
    // arrive over a poor mobile line. Streams (SSE) are responses and are not concerned.
    requestTimeout: 5 * 60 * 1000,
    // Request ids are random per request: they correlate log lines, never a person.
    genReqId: () => crypto.randomUUID(),
    // What the router and Node's HTTP parser refuse (malformed percent-encoding, an over-long identifier,
    // an unreadable request line or header) is answered through the error catalogue too: French, with the
    // security headers, never echoing the raw request.
    frameworkErrors: frameworkErrorHandler(deps.config.secureCookies, renderErrorPage),
    clientErrorHandler: clientErrorHandler(deps.config.secureCookies),
  });
  // Route schemas are zod: they validate input, shape output and generate the OpenAPI document.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerSecurityHeaders(app, deps.config.secureCookies);
  registerErrorHandler(app, renderErrorPage);
  // A POST without a body (…/submit) may still say application/json: an empty body is no body.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('bad_request', 'Le corps de la requête n’est pas du JSON valide.'), undefined);
    }
  });
  // Static text assets only (the DSFR stylesheet is most of a first visit). Pages and API answers stay
  // uncompressed: they carry secrets (receipt, tokens) beside text the client chose, which is what
  // compression side channels (BREACH) need.
  app.addHook('onRoute', (route) => {
    if (!STATIC_PREFIX.test(route.url)) (route as { compress?: false }).compress = false;
  });
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: deps.config.uploads.maxBytes, files: 1, fields: 5, parts: 6 },
  });
  await registerOpenApiRoute(app);
  registerAccessControl(app, deps);
  await registerHealthRoutes(app, deps);
  if (surfaces.citizen) {
    await registerCitizenApiRoutes(app, deps);
    await registerWebRoutes(app, deps);
  }
  if (surfaces.console) await registerConsoleSurface(app, deps);
  return app;
}
