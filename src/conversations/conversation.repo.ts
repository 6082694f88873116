import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { type PreparedStatement, runPrepared } from '../db/prepared-statement.ts';
import { CHAT_QUEUE_TOPIC } from '../livechat/queue-topic.ts';
import { MESSAGES_CHANNEL } from '../realtime/realtime-hub.ts';
import { CHAT_STATUSES } from './conversation-status.ts';
import type { FactRow } from './flow-state-codec.ts';
import { MAX_MESSAGES_PER_CONVERSATION } from './message-limits.ts';

export interface ConversationRow {
  id: string;
  status: string;
  category: string | null;
  key_id: string;
  wrapped_key: Buffer | null;
  state_enc: Buffer;
  last_seq: number;
  attachment_count: number;
  /** When the token that found the row stops opening it. */
  token_expires_at: Date;
  /**
   * What the token that found the row opens (`TokenScope`). Always read with the row; optional only so
   * that rows built by hand (the turn cache's tests) need not name it: a row without it is read as a
   * follow-up's, the narrower of the two.
   */
  token_scope?: TokenScope;
  /** The seq of the submission's system message, once transmitted (a follow-up reads after it). */
  submitted_seq?: number | null;
}

/**
 * What a citizen token opens. `conversation`: the token the device got when it started the conversation,
 * the whole transcript. `followup`: a token opened with the receipt, only what follows the submission.
 */
export type TokenScope = 'conversation' | 'followup';

export interface NewMessageRow {
  id: string;
  author: 'bot' | 'citizen' | 'agent' | 'system';
  body_enc: Buffer;
  /** The officer who wrote an agent message (never shown to the citizen). */
  agent_id?: string;
  /** An internal note: never read back for the citizen (listCitizenMessages filters it). */
  internal?: boolean;
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
  row: { tokenHash: Buffer; conversationId: string; expiresAt: Date; scope?: TokenScope },
): Promise<void> {
  await db
    .insertInto('conversation_tokens')
    .values({
      token_hash: row.tokenHash,
      conversation_id: row.conversationId,
      expires_at: row.expiresAt,
      scope: row.scope ?? 'conversation',
    })
    .execute();
}

const FIND_BY_TOKEN_SQL = `
  SELECT c.id, c.status, c.category, c.key_id, k.wrapped AS wrapped_key, c.state_enc, c.last_seq,
    c.attachment_count, t.expires_at AS token_expires_at, t.scope AS token_scope, c.submitted_seq
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

const READ_FLOW_STATE: PreparedStatement = {
  name: 'vigie_read_flow_state',
  text: `SELECT NULL::int AS fact_no, state_enc AS enc FROM conversations WHERE id = $1
    UNION ALL SELECT fact_no, fact_enc FROM conversation_facts WHERE conversation_id = $1`,
};

/**
 * A conversation's stored flow state, its head and its fact rows (in no order: the head lists them in
 * order), read by one statement so that both come from the same moment even without a lock: a turn
 * committing meanwhile cannot leave a head naming a fact it had just replaced. Undefined: no such row.
 */
export async function readStoredFlowState(
  db: Executor,
  conversationId: string,
): Promise<{ stateEnc: Buffer; factRows: FactRow[] } | undefined> {
  const rows = await runPrepared<{ fact_no: number | null; enc: Buffer }>(db, READ_FLOW_STATE, [
    conversationId,
  ]);
  const head = rows.find((row) => row.fact_no === null);
  if (!head) return undefined;
  const factRows = rows.flatMap((row) =>
    row.fact_no === null ? [] : [{ fact_no: row.fact_no, fact_enc: row.enc }],
  );
  return { stateEnc: head.enc, factRows };
}

/** The fact rows of several conversations (a list of chats), with the conversation of each. */
export async function listFactsOfConversations(
  db: Executor,
  conversationIds: string[],
): Promise<(FactRow & { conversation_id: string })[]> {
  if (conversationIds.length === 0) return [];
  return db
    .selectFrom('conversation_facts')
    .select(['conversation_id', 'fact_no', 'fact_enc'])
    .where('conversation_id', 'in', conversationIds)
    .execute();
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

/** One bot turn, ready to commit: the new flow state and the messages that follow `expectedSeq`. */
export interface TurnToCommit {
  conversationId: string;
  /** The keyed hash of the token that authorized the turn: it must still be valid when it commits. */
  tokenHash: Buffer;
  expectedSeq: number;
  /**
   * The status the turn was built for (one of CHAT_STATUSES): the bot answers while open or in line and
   * stays quiet with an officer, so an operator's take or a hand-back since makes the turn run again.
   */
  expectedStatus: string;
  /** The new encrypted state (its head); null when the turn left it as it was (nothing of it is written). */
  stateEnc: Buffer | null;
  /** The facts the turn added, a row each (flow-state-codec.ts), and the numbers of those it replaced. */
  addedFacts: { factNo: number; factEnc: Buffer }[];
  droppedFactNos: number[];
  /**
   * The queue's danger (in clear, see joinQueue) when the turn of a conversation in line or with an
   * officer changed it: written with the turn, and the consoles told the queue changed. Null: unchanged.
   */
  queueDanger?: { danger: boolean; dangerFlags: string[] } | null;
  category: string | null;
  messages: NewMessageRow[];
  createdAt: Date;
}

/**
 * Commits bot turns of distinct conversations in one statement (one round trip, atomic by itself). Each
 * turn commits only if nobody wrote to its conversation since `expectedSeq` was read, the conversation is
 * still in the status the turn was built for (open, in line or with an officer: CHAT_STATUSES) and the
 * token is still valid (optimistic concurrency: the caller retries the others). A
 * conversation whose row another transaction has locked (submission, erasure, an upload, a turn retried
 * under lock, an officer in part 2) is skipped rather than waited for: its turn comes back as not
 * committed and waits for the lock on its own, so a batch never stalls on one conversation (and two
 * batches cannot deadlock). A turn whose messages would take its conversation past
 * MAX_MESSAGES_PER_CONVERSATION commits nothing, so the bound holds whatever the caller read: the caller
 * finds out why under the row lock. The same statement announces the committed turns' new messages on
 * the realtime channel (NOTIFY is delivered at commit, so never before the messages can be read): no
 * second transaction per turn or batch. With its messages, a committed turn inserts the facts it added and
 * deletes those it replaced (conversation_facts). Returns the ids of the conversations whose turn committed.
 */
export async function commitTurns(db: Executor, turns: TurnToCommit[]): Promise<Set<string>> {
  // One NOTIFY payload ("<uuid>:<seq>," ≈ 42 bytes each) stays under PostgreSQL's 8,000 bytes.
  if (turns.length > MAX_TURNS_PER_COMMIT) throw new Error(`commitTurns: ${turns.length} turns at once`);
  // Every binary value travels in one bytea parameter, sent as is; the statement cuts each out by offset
  // and length. Arrays of bytea would be sent as text, in hexadecimal, twice the size and costly to build.
  const blobs = new BlobPacker();
  const messages = turns.flatMap((turn) =>
    turn.messages.map((message, index) => ({
      id: message.id,
      author: message.author,
      body: blobs.add(message.body_enc),
      conversationId: turn.conversationId,
      seq: turn.expectedSeq + index + 1,
    })),
  );
  const added = turns.flatMap((turn) =>
    turn.addedFacts.map((fact) => ({
      conversationId: turn.conversationId,
      factNo: fact.factNo,
      enc: blobs.add(fact.factEnc),
    })),
  );
  const dropped = turns.flatMap((turn) =>
    turn.droppedFactNos.map((factNo) => ({ conversationId: turn.conversationId, factNo })),
  );
  const tokens = turns.map((t) => blobs.add(t.tokenHash));
  const states = turns.map((t) => (t.stateEnc ? blobs.add(t.stateEnc) : { offset: 0, length: -1 }));
  const rows = await runPrepared<{ id: string }>(db, COMMIT_TURNS, [
    blobs.pack(),
    turns.map((t) => t.conversationId),
    tokens.map((b) => b.offset),
    tokens.map((b) => b.length),
    turns.map((t) => t.expectedSeq),
    turns.map((t) => t.expectedSeq + t.messages.length),
    states.map((b) => b.offset),
    states.map((b) => b.length),
    turns.map((t) => t.category),
    turns.map((t) => t.createdAt),
    turns.map((t) => t.expectedStatus),
    messages.map((m) => m.id),
    messages.map((m) => m.conversationId),
    messages.map((m) => m.seq),
    messages.map((m) => m.author),
    messages.map((m) => m.body.offset),
    messages.map((m) => m.body.length),
    turns.map((t) => t.queueDanger?.danger ?? null),
    turns.map((t) => (t.queueDanger ? t.queueDanger.dangerFlags.join(',') : null)),
    added.map((f) => f.conversationId),
    added.map((f) => f.factNo),
    added.map((f) => f.enc.offset),
    added.map((f) => f.enc.length),
    dropped.map((f) => f.conversationId),
    dropped.map((f) => f.factNo),
  ]);
  return new Set(rows.map((row) => row.id));
}

/** Concatenates buffers, remembering where each one starts (1-based, as SQL's substring counts). */
class BlobPacker {
  private readonly parts: Buffer[] = [];
  private size = 0;
  add(blob: Buffer): { offset: number; length: number } {
    this.parts.push(blob);
    const place = { offset: this.size + 1, length: blob.length };
    this.size += blob.length;
    return place;
  }
  pack(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}

/** The most turns one commit statement takes (see the NOTIFY payload in commitTurns). */
export const MAX_TURNS_PER_COMMIT = 150;

const COMMIT_TURNS: PreparedStatement = {
  name: 'vigie_commit_turns',
  text: `
    WITH turn AS (
      SELECT t.conversation_id, substring($1::bytea FROM t.token_at FOR t.token_len) AS token_hash, t.expected_seq,
        t.new_seq, CASE WHEN t.state_len >= 0 THEN substring($1::bytea FROM t.state_at FOR t.state_len) END AS state_enc,
        t.category, t.at, t.expected_status, t.danger, string_to_array(t.danger_flags, ',') AS danger_flags
      FROM unnest($2::uuid[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[],
        $10::timestamptz[], $11::text[], $18::boolean[], $19::text[])
        AS t (conversation_id, token_at, token_len, expected_seq, new_seq, state_at, state_len, category, at,
          expected_status, danger, danger_flags)
    ), free AS (
      SELECT id FROM conversations WHERE id IN (SELECT conversation_id FROM turn) FOR UPDATE SKIP LOCKED
    ), updated AS (
      UPDATE conversations c
      SET state_enc = COALESCE(turn.state_enc, c.state_enc), last_seq = turn.new_seq, category = turn.category,
        danger = COALESCE(turn.danger, c.danger), danger_flags = COALESCE(turn.danger_flags, c.danger_flags),
        updated_at = now()
      FROM turn, free
      WHERE c.id = turn.conversation_id AND c.id = free.id
        AND c.last_seq = turn.expected_seq AND c.status = turn.expected_status
        AND c.status IN (${CHAT_STATUSES.map((status) => `'${status}'`).join(', ')})
        AND turn.new_seq <= ${MAX_MESSAGES_PER_CONVERSATION}
        AND EXISTS (SELECT 1 FROM conversation_tokens k WHERE k.token_hash = turn.token_hash
          AND k.conversation_id = c.id AND k.expires_at > turn.at)
      RETURNING c.id, turn.at, turn.new_seq, turn.danger IS NOT NULL AS queue_changed
    ), inserted AS (
      INSERT INTO messages (id, conversation_id, seq, author, body_enc, created_at)
      SELECT m.id, m.conversation_id, m.seq, m.author, substring($1::bytea FROM m.body_at FOR m.body_len), updated.at
      FROM unnest($12::uuid[], $13::uuid[], $14::int[], $15::text[], $16::int[], $17::int[])
        AS m (id, conversation_id, seq, author, body_at, body_len)
      JOIN updated ON updated.id = m.conversation_id
      RETURNING 1
    ), facts_added AS (
      INSERT INTO conversation_facts (conversation_id, fact_no, fact_enc)
      SELECT f.conversation_id, f.fact_no, substring($1::bytea FROM f.fact_at FOR f.fact_len)
      FROM unnest($20::uuid[], $21::int[], $22::int[], $23::int[]) AS f (conversation_id, fact_no, fact_at, fact_len)
      JOIN updated ON updated.id = f.conversation_id
      RETURNING 1
    ), facts_dropped AS (
      DELETE FROM conversation_facts d
      USING unnest($24::uuid[], $25::int[]) AS f (conversation_id, fact_no), updated
      WHERE d.conversation_id = f.conversation_id AND d.fact_no = f.fact_no AND updated.id = f.conversation_id
      RETURNING 1
    ), announced AS (
      SELECT pg_notify('${MESSAGES_CHANNEL}', string_agg(entry, ',')) FROM (
        SELECT id || ':' || new_seq AS entry FROM updated
        UNION ALL (SELECT '${CHAT_QUEUE_TOPIC}:1' FROM updated WHERE queue_changed LIMIT 1)
      ) AS entries HAVING count(*) > 0
    )
    -- A CTE that modifies nothing runs only if read: the count makes the NOTIFY happen (once).
    SELECT id FROM updated WHERE (SELECT count(*) FROM announced) >= 0`,
};

/** Removes one access token: the device that held it no longer opens the conversation. */
export async function deleteAccessToken(
  db: Executor,
  conversationId: string,
  tokenHash: Buffer,
): Promise<void> {
  await db
    .deleteFrom('conversation_tokens')
    .where('conversation_id', '=', conversationId)
    .where('token_hash', '=', tokenHash)
    .execute();
}

/**
 * Removes every access token of a conversation: no device opens it any more (the receipt still does).
 * Only the device's own session may do this, never a follow-up opened with the receipt.
 */
export async function deleteAccessTokens(db: Executor, conversationId: string): Promise<void> {
  await db.deleteFrom('conversation_tokens').where('conversation_id', '=', conversationId).execute();
}

export async function updateConversation(
  db: Executor,
  id: string,
  changes: {
    stateEnc?: Buffer;
    lastSeq?: number;
    status?: string;
    category?: string | null;
    /** With it, the submission's seq is kept too: `lastSeq` (its system message), or the current last seq. */
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
      ...(changes.submittedAt && {
        submitted_at: changes.submittedAt,
        // A follow-up opened with the receipt reads only the messages after this one.
        submitted_seq: changes.lastSeq ?? sql<number>`last_seq`,
      }),
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

/**
 * The citizen's messages after the submission (its system message, the first of the conversation): the
 * follow-ups, counted under the row lock to bound them.
 */
export async function countCitizenFollowups(db: Executor, conversationId: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('conversation_id', '=', conversationId)
    .where('author', '=', 'citizen')
    .where(
      'seq',
      '>',
      db
        .selectFrom('messages')
        .select((eb) => eb.fn.min<number>('seq').as('seq'))
        .where('conversation_id', '=', conversationId)
        .where('author', '=', 'system'),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
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

/**
 * Locks a conversation that is still abandoned (open, idle since before `before`), skipping it if another
 * process holds it: the purge runs from several processes at once.
 */
export async function lockAbandonedConversation(db: Executor, id: string, before: Date) {
  return db
    .selectFrom('conversations')
    .select(['id', 'key_id'])
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('updated_at', '<', before)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}
