import type { Executor } from '../db/database.ts';

export type ChatFactAction = 'confirm' | 'edit' | 'remove' | 'restore' | 'add';

export interface ChatFactEditRow {
  id: string;
  fact_key: string | null;
  action: ChatFactAction;
  type: string | null;
  body_enc: Buffer | null;
  agent_id: string;
  at: Date;
}

/** The operator's decisions on a chat's facts, in the order they were taken. */
export async function listChatFactEdits(db: Executor, conversationId: string): Promise<ChatFactEditRow[]> {
  return db
    .selectFrom('chat_fact_edits')
    .select(['id', 'fact_key', 'action', 'type', 'body_enc', 'agent_id', 'at'])
    .where('conversation_id', '=', conversationId)
    .orderBy('seq')
    .execute();
}

export async function insertChatFactEdit(
  db: Executor,
  row: ChatFactEditRow & { conversation_id: string },
): Promise<void> {
  await db.insertInto('chat_fact_edits').values(row).execute();
}

/** True when `messageId` is one of the conversation's messages (a fact added by the operator may cite it). */
export async function messageOfConversation(
  db: Executor,
  conversationId: string,
  messageId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', conversationId)
    .where('id', '=', messageId)
    .where('internal', '=', false)
    .executeTakeFirst();
  return row !== undefined;
}
