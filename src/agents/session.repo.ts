import { sql } from 'kysely';
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
 * The agent of a live session, with their units, in one statement: not ended, not past its absolute
 * expiry, not idle since before `idleSince`, the account not disabled. With `touch`, the same statement
 * restarts the session's idle clock (every request of an agent goes through here: one round trip).
 */
/**
 * The idle clock is restarted at most this often: a write (and a WAL flush) on every request of an officer
 * at work, streams and live chat included, bought nothing against a 15-minute idle limit.
 */
const TOUCH_EVERY_MS = 30_000;

export async function findLiveSession(
  db: Executor,
  tokenHash: Buffer,
  now: Date,
  idleSince: Date,
  touch: boolean,
) {
  const result = await sql<{
    id: string;
    username: string;
    role: string;
    unit_ids: string[];
    unit_codes: string[];
  }>`
    WITH live AS (
      SELECT s.token_hash, s.agent_id FROM agent_sessions s
      JOIN agents a ON a.id = s.agent_id AND a.disabled_at IS NULL
      WHERE s.token_hash = ${tokenHash} AND s.ended_at IS NULL AND s.expires_at > ${now}
        AND s.last_seen_at > ${idleSince}
    ), touched AS (
      UPDATE agent_sessions s SET last_seen_at = ${now}
      FROM live WHERE ${touch} AND s.token_hash = live.token_hash
        AND s.last_seen_at < ${new Date(now.getTime() - TOUCH_EVERY_MS)}
      RETURNING s.token_hash
    )
    SELECT a.id, a.username, a.role,
      coalesce(array_agg(u.id ORDER BY u.code) FILTER (WHERE u.id IS NOT NULL), '{}') AS unit_ids,
      coalesce(array_agg(u.code ORDER BY u.code) FILTER (WHERE u.id IS NOT NULL), '{}') AS unit_codes
    FROM live
    JOIN agents a ON a.id = live.agent_id
    LEFT JOIN agent_units au ON au.agent_id = a.id
    LEFT JOIN units u ON u.id = au.unit_id
    GROUP BY a.id`.execute(db);
  return result.rows[0];
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

/**
 * How many sessions of an agent are still live (another browser, another desk): not ended, not expired,
 * and not idle since before `idleSince`, as `findLiveSession` counts them (an idle one signs nobody in).
 */
export async function countLiveSessions(
  db: Executor,
  agentId: string,
  now: Date,
  idleSince: Date,
): Promise<number> {
  const row = await db
    .selectFrom('agent_sessions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('agent_id', '=', agentId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', idleSince)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
