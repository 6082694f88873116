import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { assertChatOperator } from './livechat.policy.ts';
import { type ChatRow, listAssigned, listQueued } from './livechat.repo.ts';

/** The queue is shown whole up to this many (a queue that long is an incident of its own). */
export const QUEUE_PAGE = 200;

export interface ChatListItem {
  conversationId: string;
  category: string | null;
  /** INSEE code, as in the reports' list. */
  commune: string | null;
  communeName: string | null;
  danger: boolean;
  waitingSince: string | null;
  agent?: string;
}

/**
 * The operators' lists: `queued`, the conversations waiting for an officer (danger first, then the
 * longest waiting), with the bot's pre-qualification in clear (category, commune, danger); `mine`, the
 * chats the operator holds. No content: reading a conversation is the chat view's, audited there.
 */
export async function listChats(
  deps: AppDeps,
  agent: AgentPrincipal,
  state: 'queued' | 'mine',
): Promise<{ items: ChatListItem[] }> {
  assertChatOperator(agent);
  const rows =
    state === 'queued' ? await listQueued(deps.db, QUEUE_PAGE) : await listAssigned(deps.db, agent.id);
  return { items: rows.map(presentChat) };
}

function presentChat(row: ChatRow): ChatListItem {
  return {
    conversationId: row.conversation_id,
    category: row.category,
    commune: row.commune_insee,
    communeName: row.commune_name,
    danger: row.danger,
    waitingSince: row.waiting_since ? new Date(row.waiting_since).toISOString() : null,
    ...(row.agent && { agent: row.agent }),
  };
}
