import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { decodeMessage, type MessageView } from '../conversations/message-codec.ts';
import { authorizeChat } from './chat-access.ts';
import { type ChatFactView, readChatFacts } from './chat-facts.ts';
import { listChatMessages } from './livechat.repo.ts';

export type ChatMessageView = MessageView & { internal: boolean };

export interface ChatView {
  conversationId: string;
  status: string;
  /** The category the bot learnt (null: the operator gives it when closing). */
  category: string | null;
  messages: ChatMessageView[];
  /** The live fiche: what the bot extracted so far, each with the message it comes from, with the
   * operator's corrections, and the facts the operator added. */
  facts: ChatFactView[];
}

/** Decodes a message row for the operator: internal notes included, and marked. */
export function chatMessageOf(
  dataKey: Buffer,
  row: Parameters<typeof decodeMessage>[1] & { internal: boolean },
): ChatMessageView {
  return { ...decodeMessage(dataKey, row), internal: row.internal };
}

/**
 * The operator's view of a chat they hold: the whole transcript (the citizen's messages written before
 * the take, the bot's, the operator's, internal notes) and the facts the bot extracted. A consultation:
 * one audit record, without content, with the operator's (platform) units.
 */
export async function getChat(
  deps: AppDeps,
  agent: AgentPrincipal,
  conversationId: string,
): Promise<ChatView> {
  return deps.db.transaction().execute(async (tx) => {
    const { chat, dataKey } = await authorizeChat(deps, tx, agent, conversationId);
    const rows = await listChatMessages(tx, chat.id);
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'chat.viewed',
      objectType: 'conversation',
      objectId: chat.id,
      unitIds: agent.unitIds,
    });
    return {
      conversationId: chat.id,
      status: chat.status,
      category: chat.category,
      messages: rows.map((row) => chatMessageOf(dataKey, row)),
      facts: await readChatFacts(tx, dataKey, chat),
    };
  });
}
