import { SESSION_IDLE_MS } from '../agents/sign-in.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { KeyRing } from '../crypto/master-key.ts';
import type { Db } from '../db/database.ts';
import { findPlatformUnit } from '../units/unit.repo.ts';
import { appendSystemMessages, CHAT_NOTICES } from './chat-notices.ts';
import { readChatSettings } from './chat-settings.ts';
import { assignHeadOfQueue, countAssigned, lockLeastLoadedOperator } from './livechat.repo.ts';
import { announceQueueChanged } from './queue-topic.ts';

type Deps = { db: Db; now: () => Date; keys: Pick<KeyRing, 'wrapKey'> };

/**
 * Gives the head of the queue (danger first, then the longest waiting) to the least-loaded online
 * operator with a free place, in one transaction: the operator's presence row is locked, so two
 * assignments to the same operator (two processes) are serialized and the cap is counted again after the
 * lock; the conversation is taken with the same condition as a manual take, so it goes to one operator
 * only. 'none' when nobody can take or nothing waits; 'retry' when the chosen operator filled up meanwhile.
 */
export async function assignNext(
  deps: Deps,
): Promise<{ conversationId: string; agentId: string } | 'none' | 'retry'> {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.now();
    const settings = await readChatSettings(tx);
    const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
    const activeSince = new Date(now.getTime() - settings.awayAfterMinutes * 60_000);
    const cap = settings.maxChatsPerOperator;
    const operator = await lockLeastLoadedOperator(tx, cap, { now, idleSince, activeSince });
    if (!operator) return 'none';
    if ((await countAssigned(tx, operator.agent_id)) >= cap) return 'retry';
    const assigned = await assignHeadOfQueue(tx, operator.agent_id);
    if (!assigned) return 'none';
    await appendSystemMessages(
      tx,
      deps.keys,
      assigned.id,
      [{ text: CHAT_NOTICES.joined, internal: false }],
      now,
    );
    await recordAudit(tx, {
      actorKind: 'system',
      action: 'chat.assigned',
      objectType: 'conversation',
      objectId: assigned.id,
      detail: { agentId: operator.agent_id },
      unitIds: [(await findPlatformUnit(tx))?.id],
    });
    return { conversationId: assigned.id, agentId: operator.agent_id };
  });
}

/**
 * Assigns queued conversations while an operator has a free place (called when a conversation joins the
 * queue, an operator comes online, or chats are handed back), then tells the consoles the queue changed.
 * Safe from several processes at once.
 */
export async function assignQueued(deps: Deps, maxAssignments = 50): Promise<number> {
  let assigned = 0;
  for (let attempt = 0; attempt < maxAssignments * 2 && assigned < maxAssignments; attempt++) {
    const result = await assignNext(deps);
    if (result === 'none') break;
    if (result !== 'retry') assigned++;
  }
  // Whatever changed the queue called this: the consoles read their lists again.
  await announceQueueChanged(deps.db);
  return assigned;
}
