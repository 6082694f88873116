import type { Executor } from '../db/database.ts';
import { updateConversation } from './conversation.repo.ts';
import type { MessageView } from './message-codec.ts';
import { persistMessages } from './persist-messages.ts';

/**
 * Appends one officer's message (a question to the reporter, a chat message, or an internal note) to a
 * conversation whose row the caller has locked: the next seq, `last_seq` updated in the same
 * transaction. The caller audits and announces `seq` after its commit. A citizen's cached turn needs
 * nothing: every citizen commit checks `last_seq` again.
 */
export async function appendAgentMessage(
  tx: Executor,
  dataKey: Buffer,
  conversation: { id: string; last_seq: number },
  message: { agentId: string; text: string; internal?: boolean },
  now: Date,
): Promise<{ seq: number; view: MessageView }> {
  const written = await persistMessages(
    tx,
    dataKey,
    conversation.id,
    conversation.last_seq,
    [
      {
        author: 'agent',
        agentId: message.agentId,
        ...(message.internal && { internal: true }),
        body: { text: message.text },
      },
    ],
    now,
  );
  await updateConversation(tx, conversation.id, { lastSeq: written.lastSeq });
  const view = written.views[0];
  if (!view) throw new Error('message non écrit');
  return { seq: written.lastSeq, view };
}
