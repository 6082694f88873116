import { recordAudit } from '../audit/audit.repo.ts';
import type { KeyRing } from '../crypto/master-key.ts';
import type { Executor } from '../db/database.ts';
import { appendSystemMessages, CHAT_NOTICES } from './chat-notices.ts';
import { releaseAssigned } from './livechat.repo.ts';

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
 * offline, a session lost): each goes back to waiting_agent at its old place in line (waiting_since is
 * kept); the citizen is told they are in line again, an internal note tells the next operator why (the
 * citizen never sees it), and an audit record is written.
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
    // The UPDATE above holds the row lock: the messages take the next seqs safely.
    await appendSystemMessages(
      tx,
      keys,
      conversationId,
      [
        { text: CHAT_NOTICES.requeued, internal: false, withPendingQuestion: true },
        { text: RELEASE_NOTES[input.reason], internal: true },
      ],
      input.now,
    );
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
