import { updateConversation } from '../conversations/conversation.repo.ts';
import { dataKeyAad } from '../conversations/conversation-access.ts';
import { repeatCurrentPrompt } from '../conversations/engine/index.ts';
import { loadFlowState } from '../conversations/load-flow-state.ts';
import { type MessageDraft, persistMessages } from '../conversations/persist-messages.ts';
import { unwrapDataKey } from '../crypto/envelope.ts';
import type { KeyRing } from '../crypto/master-key.ts';
import type { Executor } from '../db/database.ts';
import { announceOnCommit } from '../realtime/notify.repo.ts';
import { findAssignedChat } from './livechat.repo.ts';

/** What the citizen is told when the live chat changes hands (never a name). */
export const CHAT_NOTICES = {
  joined: 'Un policier de la plateforme a rejoint la conversation. Vous pouvez lui écrire ici.',
  transferred: 'Un autre policier de la plateforme prend la suite de la conversation.',
  requeued:
    'Le policier qui vous répondait a dû s’interrompre. Vous êtes de nouveau en file d’attente : un autre policier va vous répondre. En attendant, je reprends où nous en étions.',
} as const;

export interface SystemMessage {
  text: string;
  /** An internal note for the next operator (the citizen never sees it); else told to the citizen. */
  internal: boolean;
  /** Told to the citizen with the bot's pending question again (back in line, the bot resumes). */
  withPendingQuestion?: boolean;
}

/**
 * Appends the platform's messages to a conversation whose row the caller's transaction holds locked (the
 * take's, the assignment's, the release's or the transfer's UPDATE locked it). Told to the citizen, they
 * speak as the assistant (author `bot`, like every message of the platform's own; an officer's message is
 * the officer's); internal notes are the system's. Announced when the transaction commits, from whichever
 * process (or the CLI) runs it. Returns the last seq written.
 */
export async function appendSystemMessages(
  tx: Executor,
  keys: Pick<KeyRing, 'wrapKey'>,
  conversationId: string,
  messages: SystemMessage[],
  now: Date,
): Promise<number | null> {
  const chat = await findAssignedChat(tx, conversationId, null);
  if (!chat?.wrapped_key) return null;
  const dataKey = unwrapDataKey(keys.wrapKey, chat.wrapped_key, dataKeyAad(chat.key_id));
  const state = messages.some((message) => message.withPendingQuestion && !message.internal)
    ? (await loadFlowState(tx, dataKey, chat)).state
    : null;
  const drafts = messages.map((message): MessageDraft => {
    if (message.internal) return { author: 'system', internal: true, body: { text: message.text } };
    if (!message.withPendingQuestion || !state) return { author: 'bot', body: { text: message.text } };
    return { author: 'bot', body: repeatCurrentPrompt(state, message.text) };
  });
  const written = await persistMessages(tx, dataKey, chat.id, chat.last_seq, drafts, now);
  await updateConversation(tx, chat.id, { lastSeq: written.lastSeq });
  await announceOnCommit(tx, conversationId, written.lastSeq);
  return written.lastSeq;
}
