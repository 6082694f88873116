import type { AppDeps } from '../app-deps.ts';
import { listAttachments } from '../attachments/attachment.repo.ts';
import { AppError } from '../errors.ts';
import { announceQueueChanged } from '../livechat/queue-topic.ts';
import { deleteAccessToken, deleteAccessTokens, deleteConversation } from './conversation.repo.ts';
import { authorizeCitizen, type CitizenCredentials, scopeOf } from './conversation-access.ts';
import { isChatting } from './conversation-status.ts';

/**
 * Ends the citizen's session. A conversation not yet transmitted is erased for good, once confirmed: rows,
 * photos and its key. A transmitted report stays with the police: the device that transmitted it closes
 * every access to it (the receipt still works); a follow-up opened with the receipt closes only its own,
 * and never erases anything (whoever holds a receipt must not be able to cut the reporter off).
 */
export async function eraseConversation(
  deps: AppDeps,
  input: CitizenCredentials,
  options: { confirmed: boolean },
): Promise<{ erased: boolean }> {
  // Its data key must not outlive it in memory either; a turn still in flight will not bring it back.
  deps.turnCache.drop(input.conversationId, deps.now());
  const storageKeys = await deps.db.transaction().execute(async (tx) => {
    const { row, tokenHash } = await authorizeCitizen(deps, tx, input, { forUpdate: true });
    if (scopeOf(row) === 'followup') {
      await deleteAccessToken(tx, row.id, tokenHash);
      return null;
    }
    // Transmitted (or closed): only the accesses end. Not yet transmitted, whether with the bot, in line
    // or with an officer, it is erased, as before the live chat.
    if (!isChatting(row.status)) {
      await deleteAccessTokens(tx, row.id);
      return null;
    }
    // Erasing what was never transmitted cannot be undone: the person must have confirmed it.
    if (!options.confirmed) throw new AppError('erase_unconfirmed');
    const attachments = await listAttachments(tx, row.id);
    await deleteConversation(tx, row.id, row.key_id);
    // In line or with an officer: the consoles drop it.
    if (row.status !== 'open') await announceQueueChanged(tx);
    return attachments.map((attachment) => attachment.storage_key);
  });
  // Files go after the commit: a crash in between leaves ciphertext whose key no longer exists.
  for (const key of storageKeys ?? []) await deps.files.delete(key);
  return { erased: storageKeys !== null };
}
