import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { appendAgentMessage } from '../conversations/append-agent-message.ts';
import { MAX_MESSAGES_PER_CONVERSATION } from '../conversations/message-limits.ts';
import { AppError } from '../errors.ts';
import { authorizeChat } from './chat-access.ts';
import type { ChatMessageView } from './get-chat.ts';
import { touchPresence } from './livechat.repo.ts';

export const MAX_CHAT_MESSAGE_LENGTH = 2000;

/**
 * The operator writes in a chat they hold: a message the citizen sees as the officer's (never with a
 * name), or an internal note (`internal`) that no citizen route ever reads (`listCitizenMessages`
 * filters it). Appended under the conversation's row lock with the next seq, `last_seq` updated, then
 * announced after commit. The citizen's turn cache needs nothing: every citizen commit checks `last_seq`
 * again. Audited without the text.
 */
export async function postChatMessage(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: { conversationId: string; text: string; internal?: boolean },
): Promise<{ message: ChatMessageView }> {
  const text = input.text.trim();
  if (!text) throw new AppError('invalid_input', 'Le message est vide.');
  if (text.length > MAX_CHAT_MESSAGE_LENGTH) {
    throw new AppError(
      'invalid_input',
      `Le message est trop long (${MAX_CHAT_MESSAGE_LENGTH} caractères au plus).`,
    );
  }
  const internal = input.internal === true;
  const result = await deps.db.transaction().execute(async (tx) => {
    const { chat, dataKey } = await authorizeChat(deps, tx, agent, input.conversationId, {
      forUpdate: true,
    });
    if (chat.last_seq >= MAX_MESSAGES_PER_CONVERSATION) throw new AppError('conversation_too_long');
    const written = await appendAgentMessage(
      tx,
      dataKey,
      chat,
      { agentId: agent.id, text, internal },
      deps.now(),
    );
    await touchPresence(tx, agent.id, deps.now());
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: internal ? 'chat.note_written' : 'chat.message_sent',
      objectType: 'conversation',
      objectId: chat.id,
      unitIds: agent.unitIds,
    });
    return { conversationId: chat.id, seq: written.seq, message: { ...written.view, internal } };
  });
  // The citizen's cached copy has the old last seq: its next turn would fail its commit and run again
  // under the lock; read afresh instead (in this process; another's finds out at its commit).
  deps.turnCache.forget(result.conversationId);
  deps.hub.announce(result.conversationId, result.seq);
  return { message: result.message };
}
