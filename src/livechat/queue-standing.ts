import { SESSION_IDLE_MS } from '../agents/sign-in.ts';
import type { Executor } from '../db/database.ts';
import { readChatSettings } from './chat-settings.ts';
import { findQueueStanding } from './livechat.repo.ts';

/**
 * Where a conversation stands in the queue, and whether an operator is there to take it: counted as the
 * automatic assignment counts them (online, active within the administrator's idle time, a live session),
 * so that what the citizen is told is honest.
 */
export async function queueStanding(
  db: Executor,
  conversationId: string,
  now: Date,
): Promise<{ position: number; operatorsOnline: boolean }> {
  const { awayAfterMinutes } = await readChatSettings(db);
  return findQueueStanding(db, conversationId, {
    now,
    idleSince: new Date(now.getTime() - SESSION_IDLE_MS),
    activeSince: new Date(now.getTime() - awayAfterMinutes * 60_000),
  });
}
