import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { type PreparedStatement, runPrepared } from '../db/prepared-statement.ts';

export interface ConversationRow {
  id: string;
  status: string;
  category: string | null;
  key_id: string;
  wrapped_key: Buffer | null;
  state_enc: Buffer;
  last_seq: number;
  attachment_count: number;
}

export interface NewMessageRow {
  id: string;
  author: 'bot' | 'citizen' | 'agent' | 'system';
  body_enc: Buffer;
}

/** Stores a wrapped data key; the plain key never reaches the database. */
export async function insertDataKey(db: Executor, id: string, wrapped: Buffer): Promise<void> {
  await db.insertInto('data_keys').values({ id, wrapped }).execute();
}

export async function insertConversation(
  db: Executor,
  row: { id: string; status: string; category: string | null; keyId: string; stateEnc: Buffer },
): Promise<void> {
  await db
    .insertInto('conversations')
    .values({
      id: row.id,
      status: row.status,
      category: row.category,
      key_id: row.keyId,
      state_enc: row.stateEnc,
    })
    .execute();
}

export async function insertAccessToken(
  db: Executor,
  row: { tokenHash: Buffer; conversationId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('conversation_tokens')
    .values({ token_hash: row.tokenHash, conversation_id: row.conversationId, expires_at: row.expiresAt })
    .execute();
}

const FIND_BY_TOKEN_SQL = `
  SELECT c.id, c.status, c.category, c.key_id, k.wrapped AS wrapped_key, c.state_enc, c.last_seq,
    c.attachment_count
  FROM conversations c
  JOIN conversation_tokens t ON t.conversation_id = c.id
  JOIN data_keys k ON k.id = c.key_id
  WHERE c.id = $1 AND t.token_hash = $2 AND t.expires_at > $3`;
const FIND_BY_TOKEN: PreparedStatement = {
  name: 'vigie_find_conversation_by_token',
  text: FIND_BY_TOKEN_SQL,
};
const FIND_BY_TOKEN_FOR_UPDATE: PreparedStatement = {
  name: 'vigie_find_conversation_by_token_for_update',
  text: `${FIND_BY_TOKEN_SQL} FOR UPDATE OF c`,
};

/**
 * Finds the conversation that `tokenHash` opens, if the token is still valid. With `forUpdate`, the row is
 * locked until the transaction ends: one citizen turn at a time per conversation, seq numbers without gaps.
 */
export async function findConversationByToken(
  db: Executor,
  conversationId: string,
  tokenHash: Buffer,
  now: Date,
  options: { forUpdate?: boolean } = {},
): Promise<ConversationRow | undefined> {
  const statement = options.forUpdate ? FIND_BY_TOKEN_FOR_UPDATE : FIND_BY_TOKEN;
  const rows = await runPrepared<ConversationRow>(db, statement, [conversationId, tokenHash, now]);
  return rows[0];
}

/** Appends messages after `lastSeq` (seq numbers follow on); the caller announces them after commit. */
export async function appendMessages(
  db: Executor,
  conversationId: string,
  lastSeq: number,
  messages: NewMessageRow[],
  createdAt: Date,
): Promise<number> {
  if (messages.length === 0) return lastSeq;
  await db
    .insertInto('messages')
    .values(
      messages.map((m, index) => ({
        ...m,
        conversation_id: conversationId,
        seq: lastSeq + index + 1,
        created_at: createdAt,
      })),
    )
    .execute();
  return lastSeq + messages.length;
}

/**
 * Commits one bot turn in a single statement (one round trip, atomic by itself): the new flow state and
 * the messages, on the condition that nobody else wrote to the conversation since `expectedSeq` was read
 * (optimistic concurrency; the caller retries on false) and announces the messages once it returns.
 */
export async function commitTurn(
  db: Executor,
  turn: {
    conversationId: string;
    expectedSeq: number;
    stateEnc: Buffer;
    category: string | null;
    messages: NewMessageRow[];
    createdAt: Date;
  },
): Promise<boolean> {
  const rows = await runPrepared<{ committed: number }>(db, COMMIT_TURN, [
    turn.stateEnc,
    turn.expectedSeq + turn.messages.length,
    turn.category,
    turn.conversationId,
    turn.expectedSeq,
    turn.createdAt,
    turn.messages.map((m) => m.id),
    turn.messages.map((m) => m.author),
    turn.messages.map((m) => m.body_enc),
  ]);
  return rows[0]?.committed === 1;
}

const COMMIT_TURN: PreparedStatement = {
  name: 'vigie_commit_turn',
  text: `
    WITH updated AS (
      UPDATE conversations SET state_enc = $1, last_seq = $2, category = $3, updated_at = now()
      WHERE id = $4 AND last_seq = $5
      RETURNING id
    ), inserted AS (
      INSERT INTO messages (id, conversation_id, seq, author, body_enc, created_at)
      SELECT m.id, updated.id, $5 + m.ord, m.author, m.body_enc, $6
      FROM updated, unnest($7::uuid[], $8::text[], $9::bytea[]) WITH ORDINALITY AS m (id, author, body_enc, ord)
      RETURNING 1
    )
    SELECT count(*)::int AS committed FROM updated`,
};

export async function updateConversation(
  db: Executor,
  id: string,
  changes: {
    stateEnc?: Buffer;
    lastSeq?: number;
    status?: string;
    category?: string | null;
    submittedAt?: Date;
    attachmentCount?: number;
  },
): Promise<void> {
  await db
    .updateTable('conversations')
    .set({
      updated_at: sql`now()`,
      ...(changes.stateEnc && { state_enc: changes.stateEnc }),
      ...(changes.lastSeq !== undefined && { last_seq: changes.lastSeq }),
      ...(changes.status && { status: changes.status }),
      ...(changes.category !== undefined && { category: changes.category }),
      ...(changes.submittedAt && { submitted_at: changes.submittedAt }),
      ...(changes.attachmentCount !== undefined && { attachment_count: changes.attachmentCount }),
    })
    .where('id', '=', id)
    .execute();
}

/** Messages the citizen may see (internal notes excluded), in order, after `afterSeq`. */
export async function listCitizenMessages(db: Executor, conversationId: string, afterSeq = 0) {
  return db
    .selectFrom('messages')
    .select(['id', 'seq', 'author', 'body_enc', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', afterSeq)
    .where('internal', '=', false)
    .orderBy('seq')
    .execute();
}

export async function findLastBotMessage(db: Executor, conversationId: string) {
  return db
    .selectFrom('messages')
    .select(['id', 'body_enc'])
    .where('conversation_id', '=', conversationId)
    .where('author', '=', 'bot')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Deletes a conversation that never became a report, and destroys its key so no copy stays readable. */
export async function deleteConversation(db: Executor, id: string, keyId: string): Promise<void> {
  await db.deleteFrom('conversations').where('id', '=', id).execute();
  await db.deleteFrom('data_keys').where('id', '=', keyId).execute();
}

/** Conversations never transmitted whose last activity is older than `before` (at most `limit`). */
export async function listAbandonedConversations(db: Executor, before: Date, limit = 500) {
  return db
    .selectFrom('conversations')
    .select('id')
    .where('status', '=', 'open')
    .where('updated_at', '<', before)
    .limit(limit)
    .execute();
}
