import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { AGENT_COOKIE } from '../http/access.ts';
import { openEventStream } from '../realtime/event-stream.ts';
import type { AgentPrincipal } from './agent-principal.ts';
import { authenticateAgent } from './authenticate-agent.ts';
import { agentTopic } from './sign-out.ts';

type Send = (event: string, id: number | null, data: unknown) => void;

/**
 * An agent's live stream: capped per agent apart from the citizens' streams, woken by its topics and by
 * the agent's own (logout, disabled account), and the session checked again before every read, so a
 * stream never outlives the session that opened it. `poll` receives the agent as they are now (units
 * may have changed).
 */
export async function openAgentEventStream(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  agent: AgentPrincipal,
  options: { topics: string[]; poll(send: Send, current: AgentPrincipal): Promise<void> },
): Promise<void> {
  const token = request.cookies?.[AGENT_COOKIE];
  await openEventStream(request, reply, {
    hub: deps.hub,
    limits: deps.agentStreamLimits,
    limitKey: agent.id,
    secure: deps.config.secureCookies,
    topics: [...options.topics, agentTopic(agent.id)],
    async poll(send) {
      const current = await authenticateAgent(deps, token, { touch: false });
      await options.poll(send, current);
    },
  });
}
