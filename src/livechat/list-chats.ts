import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { listFactsOfConversations } from '../conversations/conversation.repo.ts';
import { dataKeyAad } from '../conversations/conversation-access.ts';
import { decodeFlowHead, decodeFlowState, type FactRow } from '../conversations/flow-state-codec.ts';
import { unwrapDataKey } from '../crypto/envelope.ts';
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
  /** The danger indicators the bot recognised (strangulation, threat_to_kill…): categories, no content. */
  dangerFlags: string[];
  waitingSince: string | null;
  /** The kinds of facts the bot understood (plate, phone, place…): types only, never a value. */
  extracted: string[];
  agent?: string;
}

/**
 * The operators' lists: `queued`, the conversations waiting for an officer (danger first, then the
 * longest waiting), with the bot's pre-qualification in clear (category, commune, danger); `mine`, the
 * chats the operator holds. No content: the kinds of facts the bot understood, never their values;
 * reading a conversation is the chat view's, audited there.
 */
export async function listChats(
  deps: AppDeps,
  agent: AgentPrincipal,
  state: 'queued' | 'mine',
): Promise<{ items: ChatListItem[] }> {
  assertChatOperator(agent);
  const rows =
    state === 'queued' ? await listQueued(deps.db, QUEUE_PAGE) : await listAssigned(deps.db, agent.id);
  const factRows = Map.groupBy(
    await listFactsOfConversations(
      deps.db,
      rows.map((row) => row.conversation_id),
    ),
    (fact) => fact.conversation_id,
  );
  return {
    items: rows.map((row) => presentChat(deps, row, factRows.get(row.conversation_id) ?? [])),
  };
}

/**
 * The distinct types of the facts in the flow state (decrypted here, only the types leave). The fact rows
 * were read after the list: the facts of a turn committed in between are not in the head read and wait for
 * the next refresh; a fact it replaced has lost its row and is left out.
 */
function extractedTypes(deps: Pick<AppDeps, 'keys'>, row: ChatRow, factRows: FactRow[]): string[] {
  if (!row.wrapped_key) return [];
  const dataKey = unwrapDataKey(deps.keys.wrapKey, row.wrapped_key, dataKeyAad(row.key_id));
  const head = decodeFlowHead(dataKey, row.conversation_id, row.state_enc);
  const { state } = decodeFlowState(dataKey, row.conversation_id, head, factRows, { skipMissing: true });
  return [...new Set(state.facts.map((fact) => fact.type))];
}

function presentChat(deps: Pick<AppDeps, 'keys'>, row: ChatRow, factRows: FactRow[]): ChatListItem {
  return {
    conversationId: row.conversation_id,
    category: row.category,
    commune: row.commune_insee,
    communeName: row.commune_name,
    danger: row.danger,
    dangerFlags: row.danger_flags ?? [],
    waitingSince: row.waiting_since ? new Date(row.waiting_since).toISOString() : null,
    extracted: extractedTypes(deps, row, factRows),
    ...(row.agent && { agent: row.agent }),
  };
}
