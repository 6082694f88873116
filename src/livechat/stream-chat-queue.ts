import type { FastifyReply, FastifyRequest } from 'fastify';
import { openAgentEventStream } from '../agents/agent-event-stream.ts';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { listChats } from './list-chats.ts';
import { assertChatOperator } from './livechat.policy.ts';
import { CHAT_QUEUE_TOPIC } from './queue-topic.ts';

/**
 * The operator's console follows the queue and their own chats (SSE): event `chats` with both lists, at
 * once and again each time the queue or an assignment changes in any process (`announceQueueChanged`).
 * The lists hold what the queue shows (category, commune, danger, waiting time), never content; the
 * console announces a new chat or a danger from them.
 */
export async function streamChatQueue(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  agent: AgentPrincipal,
): Promise<void> {
  assertChatOperator(agent);
  await openAgentEventStream(deps, request, reply, agent, {
    topics: [CHAT_QUEUE_TOPIC],
    async poll(send, current) {
      const [queued, mine] = await Promise.all([
        listChats(deps, current, 'queued'),
        listChats(deps, current, 'mine'),
      ]);
      send('chats', null, { queued: queued.items, mine: mine.items });
    },
  });
}
