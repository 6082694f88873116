import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { updateConversation } from '../conversations/conversation.repo.ts';
import { authorizeCitizen, type CitizenCredentials } from '../conversations/conversation-access.ts';
import { citizenCanWrite } from '../conversations/conversation-status.ts';
import { repeatCurrentPrompt } from '../conversations/engine/index.ts';
import { PHOTO_RECEIVED } from '../conversations/engine/messages.ts';
import { loadFlowState } from '../conversations/load-flow-state.ts';
import { type MessageDraft, persistMessages } from '../conversations/persist-messages.ts';
import { encryptFile } from '../crypto/envelope.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { findAttachment, insertAttachment, sumAttachmentBytes } from './attachment.repo.ts';
import { ImageRejectedError, sanitizeImage } from './image/sanitize-image.ts';

export const attachmentAad = (id: string) => `attachment:${id}`;

async function sanitizeOrReject(bytes: Buffer, uploads: AppDeps['config']['uploads']) {
  try {
    return await sanitizeImage(bytes, {
      maxPixels: uploads.maxPixels,
      maxSide: uploads.maxSide,
      maxOutputBytes: uploads.maxStoredBytes,
    });
  } catch (error) {
    if (error instanceof ImageRejectedError) {
      throw new AppError(
        error.code === 'unsupported_type' ? 'unsupported_type' : 'invalid_input',
        error.message,
      );
    }
    throw error;
  }
}

async function photoAcknowledgement(tx: Executor, dataKey: Buffer, row: { id: string; state_enc: Buffer }) {
  return repeatCurrentPrompt((await loadFlowState(tx, dataKey, row)).state, PHOTO_RECEIVED);
}

/**
 * Adds a photo to a conversation: re-encoded without any metadata and within bounded dimensions and
 * weight, encrypted with the conversation's key, written to the file store, then recorded. The upload
 * itself never touches the disk (it arrives in memory); a failure after the file is written removes it,
 * unless its row was committed after all. What is stored is bounded per conversation (checked under its
 * row lock) and per client address and 15 minutes (in memory); `decode` runs the re-encoding in one of
 * the process's decoding slots (upload-gate.ts).
 */
export async function uploadAttachment(
  deps: AppDeps,
  input: CitizenCredentials & {
    bytes: Buffer;
    clientAddress: string;
    decode?: <T>(work: () => Promise<T>) => Promise<T>;
  },
): Promise<{ id: string; mime: string; bytes: number }> {
  const { uploads } = deps.config;
  const { row } = await authorizeCitizen(deps, deps.db, input);
  if (!citizenCanWrite(row.status)) throw new AppError('conversation_closed');
  if (row.attachment_count >= uploads.maxFilesPerConversation) throw new AppError('too_many_files');
  if (input.bytes.length > uploads.maxBytes) throw new AppError('file_too_large');
  // Cheap refusals first, before the decoding they would waste; both are checked again below.
  if (!deps.uploadBudget.hasRoom(input.clientAddress)) throw new AppError('too_many_uploads');
  if ((await sumAttachmentBytes(deps.db, row.id)) >= uploads.bytesPerConversation) {
    throw new AppError('photos_too_heavy');
  }
  const decode = input.decode ?? ((work) => work());
  const clean = await decode(() => sanitizeOrReject(input.bytes, uploads));
  // Charged now, synchronously, so that parallel uploads cannot together go past the budget.
  const refund = deps.uploadBudget.tryCharge(input.clientAddress, clean.bytes.length);
  if (!refund) throw new AppError('too_many_uploads');
  try {
    return await storeAttachment(deps, input, clean);
  } catch (error) {
    refund();
    throw error;
  }
}

async function storeAttachment(
  deps: AppDeps,
  input: CitizenCredentials,
  clean: Awaited<ReturnType<typeof sanitizeOrReject>>,
): Promise<{ id: string; mime: string; bytes: number }> {
  const { uploads } = deps.config;
  const id = randomUUID();
  // The file is written before the transaction, so the row lock is not held during the disk write.
  const { dataKey } = await authorizeCitizen(deps, deps.db, input);
  await deps.files.put(id, encryptFile(dataKey, clean.bytes, attachmentAad(id)));
  try {
    const lastSeq = await deps.db.transaction().execute(async (tx) => {
      const { row: locked } = await authorizeCitizen(deps, tx, input, { forUpdate: true });
      if (locked.attachment_count >= uploads.maxFilesPerConversation) throw new AppError('too_many_files');
      // Under the row lock: uploads of one conversation in parallel (or on several processes) are
      // counted one after the other.
      const stored = await sumAttachmentBytes(tx, locked.id);
      if (stored + clean.bytes.length > uploads.bytesPerConversation) throw new AppError('photos_too_heavy');
      await insertAttachment(tx, {
        id,
        conversationId: locked.id,
        mime: clean.mime,
        bytes: clean.bytes.length,
        storageKey: id,
      });
      const kilobytes = Math.max(1, Math.round(clean.bytes.length / 1024));
      const photo: MessageDraft = {
        author: 'citizen',
        body: { text: `Photo jointe (${kilobytes} Ko, métadonnées supprimées)` },
      };
      // While the bot asks questions (open, or in line for an officer), it says the photo arrived and shows
      // its pending question again; with an officer, it stays quiet.
      const drafts: MessageDraft[] =
        locked.status === 'open' || locked.status === 'waiting_agent'
          ? [photo, { author: 'bot', body: await photoAcknowledgement(tx, dataKey, locked) }]
          : [photo];
      const written = await persistMessages(tx, dataKey, locked.id, locked.last_seq, drafts, deps.now());
      await updateConversation(tx, locked.id, {
        lastSeq: written.lastSeq,
        attachmentCount: locked.attachment_count + 1,
      });
      return written.lastSeq;
    });
    deps.hub.announce(input.conversationId, lastSeq);
    // The next turn would find the cached copy one message behind and redo itself under lock.
    deps.turnCache.drop(input.conversationId, deps.now());
  } catch (error) {
    // A commit whose answer was lost may still have happened: keep the file if its row exists.
    const recorded = await findAttachment(deps.db, id).catch(() => true);
    if (!recorded) await deps.files.delete(id);
    throw error;
  }
  return { id, mime: clean.mime, bytes: clean.bytes.length };
}
