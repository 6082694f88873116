import type { Executor } from '../db/database.ts';
import { announceOnCommit } from '../realtime/notify.repo.ts';

/** The topic on which every change of the queue or of an assignment is announced (ids only: none). */
export const CHAT_QUEUE_TOPIC = 'chat-queue';

/**
 * Tells the operators' consoles, in every process, that the queue or the assignments changed: inside a
 * transaction, on its commit; alone, at once. They read the lists again (`stream-chat-queue.ts`).
 */
export async function announceQueueChanged(db: Executor): Promise<void> {
  await announceOnCommit(db, CHAT_QUEUE_TOPIC, 1);
}
