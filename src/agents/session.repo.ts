import type { Executor } from '../db/database.ts';

export async function insertSession(
  db: Executor,
  row: { tokenHash: Buffer; agentId: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('agent_sessions')
    .values({
      token_hash: row.tokenHash,
      agent_id: row.agentId,
      created_at: row.now,
      last_seen_at: row.now,
      expires_at: row.expiresAt,
    })
    .execute();
}

/**
 * The agent of a live session: not ended, not past its absolute expiry, not idle for longer than
 * `idleSince` allows, and the account not disabled. With `touch`, the session's idle clock restarts.
 */
export async function findLiveSession(
  db: Executor,
  tokenHash: Buffer,
  now: Date,
  idleSince: Date,
  touch: boolean,
) {
  const live = await db
    .selectFrom('agent_sessions as s')
    .innerJoin('agents as a', 'a.id', 's.agent_id')
    .select(['a.id', 'a.username', 'a.role', 's.last_seen_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', idleSince)
    .where('a.disabled_at', 'is', null)
    .executeTakeFirst();
  if (live && touch) {
    await db
      .updateTable('agent_sessions')
      .set({ last_seen_at: now })
      .where('token_hash', '=', tokenHash)
      .where('last_seen_at', '<', now)
      .execute();
  }
  return live;
}

/** Ends one session (logout). */
export async function endSession(db: Executor, tokenHash: Buffer, now: Date, reason: string): Promise<void> {
  await db
    .updateTable('agent_sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('token_hash', '=', tokenHash)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every session of an agent (account disabled); returns how many were open. */
export async function endAgentSessions(
  db: Executor,
  agentId: string,
  now: Date,
  reason: string,
): Promise<number> {
  const result = await db
    .updateTable('agent_sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('agent_id', '=', agentId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
