import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import { authenticateAgent } from '../agents/authenticate-agent.ts';
import type { AppDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';
import { AGENT_COOKIE } from '../http/access.ts';
import { type ConsoleSection, renderConsoleError } from './console-layout.ts';

/** Which agents a console page is for (the same rules as the API's access kinds). */
export type PageAccess = 'agent' | 'reports' | 'chat' | 'audit' | 'admin';

/** The agent of a session cookie, or undefined (no cookie, ended or expired session). */
export async function currentAgent(
  deps: AppDeps,
  request: FastifyRequest,
): Promise<AgentPrincipal | undefined> {
  // A page asked for by another origin of the same site (the citizen site's port, a sibling host) gets
  // the SameSite=Strict cookie too: it is treated as signed out, so it can neither read a page nor write
  // a consultation in the agent's name. The console's own navigations are same-origin or typed (none).
  const site = request.headers['sec-fetch-site'];
  if (site === 'same-site' || site === 'cross-site') return undefined;
  try {
    return await authenticateAgent(deps, request.cookies?.[AGENT_COOKIE], { touch: true });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_signed_in') return undefined;
    throw error;
  }
}

/**
 * The agent a console page is rendered for, or undefined once the reply is sent: without a session, a
 * redirect to the sign-in page (never a JSON 401); an administrator on a report page gets the same 404
 * as a report out of scope; a role the page is not for, a 403 page.
 */
export async function pageAgent(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  access: PageAccess,
  section: ConsoleSection = 'none',
): Promise<AgentPrincipal | undefined> {
  const agent = await currentAgent(deps, request);
  if (!agent) {
    await reply.redirect('/console', 303);
    return undefined;
  }
  if (access === 'reports' && agent.role === 'admin') {
    await sendConsoleError(reply, agent, 404, 'Cette page n’existe pas ou ne vous est pas accessible.');
    return undefined;
  }
  if (
    (access === 'audit' && agent.role !== 'superviseur') ||
    (access === 'chat' && agent.role !== 'operateur') ||
    (access === 'admin' && agent.role !== 'admin')
  ) {
    await sendConsoleError(reply, agent, 403, 'Cette page est réservée à un autre rôle.', section);
    return undefined;
  }
  return agent;
}

export async function sendConsoleError(
  reply: FastifyReply,
  agent: AgentPrincipal | undefined,
  status: number,
  message: string,
  section: ConsoleSection = 'none',
): Promise<void> {
  await reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(renderConsoleError(agent, status, message, section));
}

/** Sends a rendered console page. */
export async function sendConsolePage(reply: FastifyReply, page: string): Promise<void> {
  await reply.type('text/html; charset=utf-8').send(page);
}
