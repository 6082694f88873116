import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { AppError } from '../errors.ts';
import { appendSystemMessages, CHAT_NOTICES } from './chat-notices.ts';
import { assertChatOperator } from './livechat.policy.ts';
import { findChatState, takeWaiting, touchPresence } from './livechat.repo.ts';
import { announceQueueChanged } from './queue-topic.ts';

/**
 * An operator takes a queued conversation. The take is one conditional UPDATE (`takeWaiting`): of two
 * operators, or two processes, taking it in the same millisecond, exactly one wins; the other gets 409
 * already_taken. Taking again a chat one already holds answers the same 200. A conversation that is not
 * in the queue (bot still talking, transmitted, unknown) is 404. Taking is an access to a conversation:
 * audited, with the platform's units, without content. The cap of simultaneous chats binds the automatic
 * assignment; a take is the operator's own decision.
 */
export async function takeChat(
  deps: AppDeps,
  agent: AgentPrincipal,
  conversationId: string,
): Promise<{ conversationId: string; agent: string }> {
  assertChatOperator(agent);
  await deps.db.transaction().execute(async (tx) => {
    const taken = await takeWaiting(tx, conversationId, agent.id);
    if (!taken) {
      const state = await findChatState(tx, conversationId);
      if (state?.status === 'with_agent' && state.assigned_agent_id === agent.id) return;
      if (state?.status === 'with_agent' || state?.status === 'waiting_agent') {
        throw new AppError('already_taken');
      }
      throw new AppError('not_found');
    }
    await appendSystemMessages(
      tx,
      deps.keys,
      conversationId,
      [{ text: CHAT_NOTICES.joined, internal: false }],
      deps.now(),
    );
    await touchPresence(tx, agent.id, deps.now());
    await announceQueueChanged(tx);
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'chat.taken',
      objectType: 'conversation',
      objectId: conversationId,
      unitIds: agent.unitIds,
    });
  });
  return { conversationId, agent: agent.username };
}
