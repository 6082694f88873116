import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { decodeFlowState } from '../conversations/flow-state-codec.ts';
import { decodeMessage, type MessageView } from '../conversations/message-codec.ts';
import { authorizeChat } from './chat-access.ts';
import { listChatMessages } from './livechat.repo.ts';

export type ChatMessageView = MessageView & { internal: boolean };

export interface ChatView {
  conversationId: string;
  status: string;
  messages: ChatMessageView[];
  /** What the bot extracted so far (the flow state's facts), each with the message it comes from. */
  facts: { type: string; value: string; text: string; messageId: string }[];
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
    const state = decodeFlowState(dataKey, chat.id, chat.state_enc);
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
      messages: rows.map((row) => chatMessageOf(dataKey, row)),
      facts: state.facts.map((fact) => ({
        type: fact.type,
        value: fact.value,
        text: fact.text,
        messageId: fact.messageId,
      })),
    };
  });
}
