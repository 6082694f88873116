import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import { authenticateAgent } from '../agents/authenticate-agent.ts';
import type { AppDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';

/**
 * Who may call a route, declared on the route itself (`config: { access }`) so that the authorization
 * matrix test can walk the route table and a route without a declaration fails the suite:
 * - public: anybody (the citizen site, sign-in, health);
 * - citizen: the bearer of a conversation's token (checked by the conversation policy);
 * - agent: any signed-in agent;
 * - reports: an agent who reads reports (never the administrator: 404, as for a report out of scope);
 * - audit: a supervisor (their units' trail);
 * - admin: the administrator (accounts, units, routing; no report content).
 */
export type Access = 'public' | 'citizen' | 'agent' | 'reports' | 'audit' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    agent?: AgentPrincipal;
  }
}

/** The console's session cookie: distinct from the citizen's, HttpOnly, SameSite=Strict. */
export const AGENT_COOKIE = 'vigie_console';

export function setAgentCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(AGENT_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}

export function clearAgentCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(AGENT_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A console write must come from the console itself: never from another site (Sec-Fetch-Site, Origin)
 * and never as a form (a JSON body needs a CORS preflight, which we never grant). Clients that are not
 * browsers send neither header and hold their cookie themselves: they cannot be made to forge a request.
 */
export function assertSameOriginJson(request: FastifyRequest, publicUrl?: string): void {
  const site = request.headers['sec-fetch-site'];
  if (site && site !== 'same-origin') throw new AppError('same_origin_required');
  const origin = request.headers.origin;
  if (origin) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {}
    // Behind a reverse proxy that rewrites Host, the console's public address is the reference.
    const known = [request.headers.host, publicUrl ? new URL(publicUrl).host : undefined];
    if (!host || !known.includes(host)) throw new AppError('same_origin_required');
  }
  const type = request.headers['content-type'];
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'];
  if ((type || hasBody) && !/^application\/json\b/i.test(type ?? '')) {
    throw new AppError('unsupported_media_type', 'Envoyez un corps JSON (Content-Type: application/json).');
  }
}

/**
 * An agent's request, read or write, must not come from another site, nor from another origin of the
 * same site (the citizen surface on another port, a neighbouring subdomain), where SameSite=Strict still
 * sends the cookie: reading a list or a fiche writes an audit record in the agent's name and marks the
 * report read, so a forged <img> would put consultations in the trail that the agent never made.
 * Sec-Fetch-Site "none" is the agent typing an address; clients that are not browsers send nothing.
 */
export function assertNotCrossOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') throw new AppError('same_origin_required');
}

/** The signed-in agent of a request that passed the access hook. */
export function agentOf(request: FastifyRequest): AgentPrincipal {
  if (!request.agent) throw new AppError('not_signed_in');
  return request.agent;
}

/**
 * The access hook of the agent surface: refuses requests from another origin and non-JSON writes, then
 * authenticates the session of agent routes (every request, in the database) and applies the role rule
 * of the route's access.
 */
export function registerAccessControl(app: FastifyInstance, deps: AppDeps): void {
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public' || access === 'citizen') {
      if (
        access === 'public' &&
        request.url.startsWith('/api/v1/auth/') &&
        WRITE_METHODS.has(request.method)
      ) {
        assertSameOriginJson(request, deps.config.publicUrl);
      }
      return;
    }
    // Before the session is looked up: a forged request must not even restart its idle clock.
    assertNotCrossOrigin(request);
    if (WRITE_METHODS.has(request.method)) assertSameOriginJson(request, deps.config.publicUrl);
    const agent = await authenticateAgent(deps, request.cookies?.[AGENT_COOKIE], { touch: true });
    request.agent = agent;
    if (access === 'reports' && agent.role === 'admin') throw new AppError('not_found');
    if (access === 'audit' && agent.role !== 'superviseur') throw new AppError('forbidden');
    if (access === 'admin' && agent.role !== 'admin') throw new AppError('forbidden');
  });
}
