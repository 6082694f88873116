import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { AGENT_COOKIE } from '../http/access.ts';
import { openEventStream } from '../realtime/event-stream.ts';
import type { AgentPrincipal } from './agent-principal.ts';
import { authenticateAgent } from './authenticate-agent.ts';
import { agentTopic } from './sign-out.ts';

type Send = (event: string, id: number | null, data: unknown) => void;

/** How long a stream trusts the session it last read (the idle and absolute limits are minutes). */
const SESSION_RECHECK_MS = 5_000;

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
  // The session is read again when the agent's own topic speaks (sign-out, account disabled: announced
  // by every process that ends a session) and at least every SESSION_RECHECK_MS otherwise (expiry),
  // not on every message of a busy chat.
  let current: AgentPrincipal | null = null;
  let checkedAt = 0;
  const recheck = () => {
    current = null;
  };
  const unsubscribe = deps.hub.subscribe(agentTopic(agent.id), recheck);
  reply.raw.once('close', unsubscribe);
  await openEventStream(request, reply, {
    hub: deps.hub,
    limits: deps.agentStreamLimits,
    limitKey: agent.id,
    secure: deps.config.secureCookies,
    topics: [...options.topics, agentTopic(agent.id)],
    async poll(send) {
      if (!current || Date.now() - checkedAt >= SESSION_RECHECK_MS) {
        current = await authenticateAgent(deps, token, { touch: false });
        checkedAt = Date.now();
      }
      await options.poll(send, current);
    },
  });
}
