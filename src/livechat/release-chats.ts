import { recordAudit } from '../audit/audit.repo.ts';
import type { Executor } from '../db/database.ts';
import { releaseAssigned } from './livechat.repo.ts';

export type ReleaseReason = 'signed_out' | 'disabled' | 'offline';

/**
 * Hands an operator's chats back to the queue, in the caller's transaction (sign-out, disabling, going
 * offline): each goes back to waiting_agent at its old place in line (waiting_since is kept), with an
 * audit record. Nothing of the conversation is lost: its messages stay where they are.
 */
export async function releaseChats(
  tx: Executor,
  input: { agentId: string; reason: ReleaseReason; unitIds: readonly string[] },
): Promise<string[]> {
  const released = await releaseAssigned(tx, input.agentId);
  for (const conversationId of released) {
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
