import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export type PresenceStatus = 'online' | 'away' | 'offline';

/** When operators can answer: the limits their presence and their sessions are judged by. */
export interface AvailabilityClock {
  now: Date;
  /** A session seen before this is idle (the console's idle limit). */
  idleSince: Date;
  /** An online operator not active since this counts as away (the administrator's setting). */
  activeSince: Date;
}

/** The agent (an SQL expression of its id) has a live session: not ended, not expired, not idle. */
function hasLiveSession(agentId: RawBuilder<unknown>, clock: Pick<AvailabilityClock, 'now' | 'idleSince'>) {
  return sql`EXISTS (SELECT 1 FROM agent_sessions s WHERE s.agent_id = ${agentId} AND s.ended_at IS NULL
    AND s.expires_at > ${clock.now} AND s.last_seen_at > ${clock.idleSince})`;
}

/**
 * The operator of presence row `p` and account `a` can be given a chat: online and active, an active
 * account, a live session. One definition for the assignment and for what the citizen is told.
 */
function availableOperator(clock: AvailabilityClock) {
  return sql`p.status = 'online' AND p.last_active_at > ${clock.activeSince}
    AND a.role = 'operateur' AND a.disabled_at IS NULL AND ${hasLiveSession(sql.ref('p.agent_id'), clock)}`;
}

/**
 * An operator's activity (a message, a take, the console used): they stay online, not away. Written at
 * most every 30 s: the idle limit is minutes, and a write per message cost a row lock and WAL.
 */
export async function touchPresence(db: Executor, agentId: string, now: Date): Promise<void> {
  await db
    .updateTable('agent_presence')
    .set({ last_active_at: now })
    .where('agent_id', '=', agentId)
    .where('last_active_at', '<', new Date(now.getTime() - 30_000))
    .execute();
}

/** Locks an operator's presence row until the transaction ends (counting their chats against the cap). */
export async function lockPresence(db: Executor, agentId: string): Promise<void> {
  await db
    .selectFrom('agent_presence')
    .select('agent_id')
    .where('agent_id', '=', agentId)
    .forUpdate()
    .execute();
}

/** An operator's presence row, for their own status. */
export async function findPresence(db: Executor, agentId: string) {
  return db
    .selectFrom('agent_presence')
    .select(['status', 'last_active_at'])
    .where('agent_id', '=', agentId)
    .executeTakeFirst();
}

/** Records an operator's presence (one row per agent, replaced). */
export async function upsertPresence(
  db: Executor,
  agentId: string,
  status: PresenceStatus,
  now: Date,
): Promise<void> {
  await db
    .insertInto('agent_presence')
    .values({ agent_id: agentId, status, updated_at: now, last_active_at: now })
    .onConflict((oc) => oc.column('agent_id').doUpdateSet({ status, updated_at: now, last_active_at: now }))
    .execute();
}

/**
 * Puts an open conversation in the queue, with what the queue shows of it in clear (danger flag, commune
 * code): none of its content. Undefined when it was no longer open.
 */
export async function markWaiting(
  db: Executor,
  conversationId: string,
  fields: { now: Date; danger: boolean; dangerFlags: string[]; communeInsee: string | null },
) {
  return db
    .updateTable('conversations')
    .set({
      status: 'waiting_agent',
      waiting_since: fields.now,
      danger: fields.danger,
      danger_flags: fields.dangerFlags,
      commune_insee: fields.communeInsee,
      assigned_agent_id: null,
    })
    .where('id', '=', conversationId)
    .where('status', '=', 'open')
    .returning(['id', 'waiting_since'])
    .executeTakeFirst();
}

/**
 * The take: one statement, whose condition PostgreSQL re-checks on the row it locks, so of two operators
 * (or two processes) taking the same conversation at once exactly one gets a row back.
 */
export async function takeWaiting(db: Executor, conversationId: string, agentId: string) {
  return db
    .updateTable('conversations')
    .set({ status: 'with_agent', assigned_agent_id: agentId })
    .where('id', '=', conversationId)
    .where('status', '=', 'waiting_agent')
    .where('assigned_agent_id', 'is', null)
    .returning(['id'])
    .executeTakeFirst();
}

/** A conversation's live-chat state, to tell a lost take (409) from a conversation not in the queue (404). */
export async function findChatState(db: Executor, conversationId: string) {
  return db
    .selectFrom('conversations')
    .select(['status', 'assigned_agent_id'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
}

const chatColumns = sql`c.id AS conversation_id, c.category, c.commune_insee, m.name AS commune_name,
  c.danger, c.danger_flags, c.waiting_since, g.username AS agent, c.key_id, k.wrapped AS wrapped_key, c.state_enc`;

export interface ChatRow {
  conversation_id: string;
  category: string | null;
  commune_insee: string | null;
  commune_name: string | null;
  danger: boolean;
  danger_flags: string[];
  waiting_since: Date | null;
  agent: string | null;
  key_id: string;
  wrapped_key: Buffer | null;
  state_enc: Buffer;
}

/** The queue: danger first, then the longest waiting. */
export async function listQueued(db: Executor, limit: number): Promise<ChatRow[]> {
  const result = await sql<ChatRow>`SELECT ${chatColumns}
    FROM conversations c
    LEFT JOIN communes m ON m.insee = c.commune_insee
    LEFT JOIN agents g ON g.id = c.assigned_agent_id
    LEFT JOIN data_keys k ON k.id = c.key_id
    WHERE c.status = 'waiting_agent'
    ORDER BY c.danger DESC, c.waiting_since, c.id
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

/** The chats an operator holds now. */
export async function listAssigned(db: Executor, agentId: string): Promise<ChatRow[]> {
  const result = await sql<ChatRow>`SELECT ${chatColumns}
    FROM conversations c
    LEFT JOIN communes m ON m.insee = c.commune_insee
    LEFT JOIN agents g ON g.id = c.assigned_agent_id
    LEFT JOIN data_keys k ON k.id = c.key_id
    WHERE c.status = 'with_agent' AND c.assigned_agent_id = ${agentId}
    ORDER BY c.danger DESC, c.waiting_since, c.id`.execute(db);
  return result.rows;
}

/**
 * The least-loaded operator who can take one more chat: online and active since `activeSince` (else they
 * count as away), account active, a live session (not idle since `idleSince`), fewer than `cap` chats. Their presence row is locked (rows another assigner holds are
 * skipped), so that two assignments to the same operator are serialized and the caller can count again.
 */
export async function lockLeastLoadedOperator(
  db: Executor,
  cap: number,
  clock: AvailabilityClock,
): Promise<{ agent_id: string } | undefined> {
  const result = await sql<{ agent_id: string }>`SELECT p.agent_id
    FROM agent_presence p
    JOIN agents a ON a.id = p.agent_id
    WHERE ${availableOperator(clock)}
      AND (SELECT count(*) FROM conversations c
        WHERE c.assigned_agent_id = p.agent_id AND c.status = 'with_agent') < ${cap}
    ORDER BY (SELECT count(*) FROM conversations c
        WHERE c.assigned_agent_id = p.agent_id AND c.status = 'with_agent'), p.last_active_at, p.agent_id
    LIMIT 1
    FOR UPDATE OF p SKIP LOCKED`.execute(db);
  return result.rows[0];
}

/** How many chats an operator holds (read in a statement of its own, after their presence row is locked). */
export async function countAssigned(db: Executor, agentId: string): Promise<number> {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('assigned_agent_id', '=', agentId)
    .where('status', '=', 'with_agent')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Gives the head of the queue to an operator: the conversation is locked (skipping one another assigner
 * or a take holds) and the same condition as the take is applied, so it goes to one operator only.
 */
export async function assignHeadOfQueue(db: Executor, agentId: string) {
  const result = await sql<{ id: string }>`UPDATE conversations
    SET status = 'with_agent', assigned_agent_id = ${agentId}
    WHERE id = (SELECT id FROM conversations
        WHERE status = 'waiting_agent' AND assigned_agent_id IS NULL
        ORDER BY danger DESC, waiting_since, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
      AND status = 'waiting_agent' AND assigned_agent_id IS NULL
    RETURNING id`.execute(db);
  return result.rows[0];
}

/** Hands an operator's chats back to the queue, keeping their place (waiting_since is unchanged). */
export async function releaseAssigned(db: Executor, agentId: string): Promise<string[]> {
  const rows = await db
    .updateTable('conversations')
    .set({ status: 'waiting_agent', assigned_agent_id: null })
    .where('assigned_agent_id', '=', agentId)
    .where('status', '=', 'with_agent')
    .returning(['id'])
    .execute();
  return rows.map((row) => row.id);
}

/** An operator who signs out or is disabled is offline (nothing is written for an agent never online). */
export async function markOffline(db: Executor, agentId: string, now: Date): Promise<void> {
  await db
    .updateTable('agent_presence')
    .set({ status: 'offline', updated_at: now })
    .where('agent_id', '=', agentId)
    .execute();
}

/** A chat as its operator opens it: the conversation assigned to `agentId`, with its wrapped data key. */
export interface AssignedChatRow {
  id: string;
  status: string;
  /** The flow's category, as each turn writes it beside the state (in clear, like the queue's). */
  category: string | null;
  key_id: string;
  wrapped_key: Buffer | null;
  state_enc: Buffer;
  last_seq: number;
}

/**
 * The conversation `conversationId` if it is assigned to `agentId` (undefined otherwise: unknown, in the
 * queue, another operator's; with `agentId` null, whoever holds it). With `forUpdate`, its row is locked
 * until the transaction ends: messages are numbered one writer at a time, the citizen's turns included.
 */
export async function findAssignedChat(
  db: Executor,
  conversationId: string,
  agentId: string | null,
  options: { forUpdate?: boolean } = {},
): Promise<AssignedChatRow | undefined> {
  let query = db
    .selectFrom('conversations as c')
    .innerJoin('data_keys as k', 'k.id', 'c.key_id')
    .select([
      'c.id',
      'c.status',
      'c.category',
      'c.key_id',
      'k.wrapped as wrapped_key',
      'c.state_enc',
      'c.last_seq',
    ])
    .where('c.id', '=', conversationId);
  if (agentId !== null) query = query.where('c.assigned_agent_id', '=', agentId);
  if (options.forUpdate) query = query.forUpdate('c');
  return query.executeTakeFirst();
}

/** Gives a chat its operator holds to another operator (undefined when it was no longer theirs). */
export async function reassignChat(
  db: Executor,
  conversationId: string,
  fromAgentId: string,
  toAgentId: string,
) {
  return db
    .updateTable('conversations')
    .set({ assigned_agent_id: toAgentId })
    .where('id', '=', conversationId)
    .where('assigned_agent_id', '=', fromAgentId)
    .where('status', '=', 'with_agent')
    .returning('id')
    .executeTakeFirst();
}

/** An operator who may receive a transferred chat: active, present (online or away), with a live session. */
export async function findAvailableOperator(db: Executor, username: string, now: Date, idleSince: Date) {
  const result = await sql<{ id: string; username: string; status: string | null }>`SELECT a.id, a.username,
      p.status
    FROM agents a
    LEFT JOIN agent_presence p ON p.agent_id = a.id
    WHERE a.username = ${username} AND a.role = 'operateur' AND a.disabled_at IS NULL
      AND ${hasLiveSession(sql.ref('a.id'), { now, idleSince })}`.execute(db);
  return result.rows[0];
}

/** Every message of a chat, internal notes included (for its operator only), after `afterSeq`. */
export async function listChatMessages(db: Executor, conversationId: string, afterSeq = 0) {
  return db
    .selectFrom('messages')
    .select(['id', 'seq', 'author', 'internal', 'body_enc', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
}

/** Operators who hold chats but no live session any more (browser closed, session idle or expired). */
export async function listHoldersWithoutSession(db: Executor, now: Date, idleSince: Date): Promise<string[]> {
  const result = await sql<{ agent_id: string }>`SELECT DISTINCT c.assigned_agent_id AS agent_id
    FROM conversations c
    WHERE c.status = 'with_agent' AND c.assigned_agent_id IS NOT NULL
      AND NOT ${hasLiveSession(sql.ref('c.assigned_agent_id'), { now, idleSince })}`.execute(db);
  return result.rows.map((row) => row.agent_id);
}

/**
 * Where a conversation in line stands, for what the citizen is told: its place in the queue's order
 * (danger first, then the longest waiting, as `listQueued`; 1 when next) and whether an operator can
 * answer (`availableOperator`, as the assignment counts them). A position of 0 when it is not in line.
 */
export async function findQueueStanding(
  db: Executor,
  conversationId: string,
  clock: AvailabilityClock,
): Promise<{ position: number; operatorsOnline: boolean }> {
  const result = await sql<{ position: string; operators_online: boolean }>`SELECT
      (SELECT count(*) FROM conversations w
        WHERE w.status = 'waiting_agent' AND w.assigned_agent_id IS NULL
          AND (NOT w.danger, w.waiting_since, w.id) <= (NOT me.danger, me.waiting_since, me.id)) AS position,
      EXISTS (SELECT 1 FROM agent_presence p JOIN agents a ON a.id = p.agent_id
        WHERE ${availableOperator(clock)}) AS operators_online
    FROM conversations me
    WHERE me.id = ${conversationId} AND me.status = 'waiting_agent'`.execute(db);
  const row = result.rows[0];
  return { position: Number(row?.position ?? 0), operatorsOnline: row?.operators_online ?? false };
}
