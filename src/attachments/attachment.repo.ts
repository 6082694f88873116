import type { Executor } from '../db/database.ts';

export async function insertAttachment(
  db: Executor,
  row: { id: string; conversationId: string; mime: string; bytes: number; storageKey: string },
): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      id: row.id,
      conversation_id: row.conversationId,
      mime: row.mime,
      bytes: row.bytes,
      storage_key: row.storageKey,
    })
    .execute();
}

export async function listAttachments(db: Executor, conversationId: string) {
  return db
    .selectFrom('attachments')
    .select(['id', 'mime', 'bytes', 'storage_key'])
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .execute();
}

/** Whether an attachment row exists (a lost commit answer may hide a commit that happened). */
export async function findAttachment(db: Executor, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('attachments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

/** Which of these file-store keys an attachment row still points at. */
export async function findKnownStorageKeys(db: Executor, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('attachments')
    .select('storage_key')
    .where('storage_key', 'in', keys)
    .execute();
  return new Set(rows.map((row) => row.storage_key));
}

/** Bytes of the photos a conversation holds (read under its row lock for the per-conversation budget). */
export async function sumAttachmentBytes(db: Executor, conversationId: string): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('bytes'), eb.lit(0)).as('total'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
