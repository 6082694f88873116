import { recordAudit } from '../audit/audit.repo.ts';
import { appendAgentMessage } from '../conversations/append-agent-message.ts';
import { dataKeyAad } from '../conversations/conversation-access.ts';
import { unwrapDataKey } from '../crypto/envelope.ts';
import type { KeyRing } from '../crypto/master-key.ts';
import type { Executor } from '../db/database.ts';
import { findAssignedChat, releaseAssigned } from './livechat.repo.ts';

export type ReleaseReason = 'signed_out' | 'disabled' | 'offline' | 'session_lost';

const RELEASE_NOTES: Record<ReleaseReason, string> = {
  signed_out: 'Conversation rendue à la file : l’opérateur qui la menait s’est déconnecté.',
  disabled: 'Conversation rendue à la file : le compte de l’opérateur qui la menait a été désactivé.',
  offline: 'Conversation rendue à la file : l’opérateur qui la menait est passé hors ligne.',
  session_lost:
    'Conversation rendue à la file : l’opérateur qui la menait n’est plus connecté (session expirée ou navigateur fermé).',
};

/**
 * Hands an operator's chats back to the queue, in the caller's transaction (sign-out, disabling, going
 * offline): each goes back to waiting_agent at its old place in line (waiting_since is kept), with an
 * internal note that tells the next operator why (the citizen never sees it) and an audit record.
 * Nothing of the conversation is lost: its messages stay where they are. The caller runs the assignment
 * after its commit (`assignQueued`), which also tells the operators' consoles the queue changed.
 */
export async function releaseChats(
  tx: Executor,
  keys: Pick<KeyRing, 'wrapKey'>,
  input: { agentId: string; reason: ReleaseReason; unitIds: readonly string[]; now: Date },
): Promise<string[]> {
  const released = await releaseAssigned(tx, input.agentId);
  for (const conversationId of released) {
    // The UPDATE above holds the row lock: the note takes the next seq safely.
    const chat = await findAssignedChat(tx, conversationId, null);
    if (chat?.wrapped_key) {
      const dataKey = unwrapDataKey(keys.wrapKey, chat.wrapped_key, dataKeyAad(chat.key_id));
      await appendAgentMessage(
        tx,
        dataKey,
        chat,
        { agentId: null, text: RELEASE_NOTES[input.reason], internal: true },
        input.now,
      );
    }
    await recordAudit(tx, {
      actorKind: 'system',
      action: 'chat.released',
      objectType: 'conversation',
      objectId: conversationId,
      detail: { agentId: input.agentId, reason: input.reason },
      unitIds: input.unitIds,
    });
  }
  return released;
}
