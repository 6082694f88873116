import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { dataKeyAad } from '../conversations/conversation-access.ts';
import { unwrapDataKey } from '../crypto/envelope.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { assertChatOperator } from './livechat.policy.ts';
import { type AssignedChatRow, findAssignedChat } from './livechat.repo.ts';

/**
 * The chat policy: operators only (403 otherwise), and a chat is readable and writable only by the
 * operator it is assigned to, while it is live (409 conversation_closed after). Another operator's chat, one in the queue, one that does not exist or whose
 * key is shredded: the same 404, so nothing can be probed.
 */
export async function authorizeChat(
  deps: Pick<AppDeps, 'keys'>,
  db: Executor,
  agent: AgentPrincipal,
  conversationId: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ chat: AssignedChatRow; dataKey: Buffer }> {
  assertChatOperator(agent);
  const chat = await findAssignedChat(db, conversationId, agent.id, options);
  if (!chat?.wrapped_key) throw new AppError('not_found');
  // Once transmitted (closed by its operator, or by the citizen), the conversation is a report: it is read
  // on its fiche, by whoever holds it now, never again through the chat.
  if (chat.status !== 'with_agent') throw new AppError('conversation_closed');
  return { chat, dataKey: unwrapDataKey(deps.keys.wrapKey, chat.wrapped_key, dataKeyAad(chat.key_id)) };
}
