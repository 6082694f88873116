import type { AppDeps } from '../app-deps.ts';
import { listAttachments } from '../attachments/attachment.repo.ts';
import { announceQueueChanged } from '../livechat/queue-topic.ts';
import {
  deleteConversation,
  listAbandonedConversations,
  lockAbandonedConversation,
} from './conversation.repo.ts';

/** A conversation never transmitted and untouched for this long is erased (data minimisation). */
export const ABANDONED_AFTER_DAYS = 30;

/**
 * Erases conversations that were never transmitted and have seen no activity for ABANDONED_AFTER_DAYS:
 * rows, photos and their key, as "Terminer et effacer" does. Safe to run from several processes at once:
 * each conversation is deleted under its row lock, and a second pass finds nothing.
 */
export async function purgeAbandonedConversations(
  deps: Pick<AppDeps, 'db' | 'files' | 'now'>,
): Promise<number> {
  const before = new Date(deps.now().getTime() - ABANDONED_AFTER_DAYS * 24 * 60 * 60 * 1000);
  let purged = 0;
  for (const { id } of await listAbandonedConversations(deps.db, before)) {
    const storageKeys = await deps.db.transaction().execute(async (tx) => {
      const locked = await lockAbandonedConversation(tx, id, before);
      if (!locked) return null;
      const attachments = await listAttachments(tx, id);
      await deleteConversation(tx, id, locked.key_id);
      // One left in line or with an officer leaves the consoles too.
      await announceQueueChanged(tx);
      return attachments.map((attachment) => attachment.storage_key);
    });
    if (storageKeys === null) continue;
    for (const key of storageKeys) await deps.files.delete(key);
    purged++;
  }
  return purged;
}
