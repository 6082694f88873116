import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface AgentRow {
  id: string;
  username: string;
  role: string;
  password_hash: string;
  totp_secret_enc: Buffer;
  disabled_at: Date | null;
}

export async function insertAgent(
  db: Executor,
  row: { id: string; username: string; role: string; passwordHash: string; totpSecretEnc: Buffer },
  unitIds: string[],
): Promise<void> {
  await db
    .insertInto('agents')
    .values({
      id: row.id,
      username: row.username,
      role: row.role,
      password_hash: row.passwordHash,
      totp_secret_enc: row.totpSecretEnc,
    })
    .execute();
  if (unitIds.length > 0) {
    await db
      .insertInto('agent_units')
      .values(unitIds.map((unitId) => ({ agent_id: row.id, unit_id: unitId })))
      .execute();
  }
}

export async function findAgentByUsername(db: Executor, username: string): Promise<AgentRow | undefined> {
  return db
    .selectFrom('agents')
    .select(['id', 'username', 'role', 'password_hash', 'totp_secret_enc', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/** The units of an agent, by code, with their ids. */
export async function listAgentUnits(db: Executor, agentId: string) {
  return db
    .selectFrom('agent_units as au')
    .innerJoin('units as u', 'u.id', 'au.unit_id')
    .select(['u.id', 'u.code', 'u.name', 'u.kind'])
    .where('au.agent_id', '=', agentId)
    .orderBy('u.code')
    .execute();
}

/**
 * Accepts a TOTP time step for the agent if it is newer than the last one accepted, atomically: two
 * processes handed the same code at the same instant cannot both accept it.
 */
export async function consumeTotpStep(db: Executor, agentId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('agents')
    .set({ totp_last_step: step })
    .where('id', '=', agentId)
    .where('totp_last_step', '<', step)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks the account disabled; returns its id, or undefined when there is no such account. */
export async function disableAgentRow(db: Executor, username: string, at: Date) {
  return db
    .updateTable('agents')
    .set({ disabled_at: sql`coalesce(disabled_at, ${at})` })
    .where('username', '=', username)
    .returning(['id'])
    .executeTakeFirst();
}

/** Every account with its units' codes (for the administrator: no report data here). */
export async function listAgents(db: Executor) {
  return db
    .selectFrom('agents as a')
    .leftJoin('agent_units as au', 'au.agent_id', 'a.id')
    .leftJoin('units as u', 'u.id', 'au.unit_id')
    .select([
      'a.id',
      'a.username',
      'a.role',
      'a.created_at',
      'a.disabled_at',
      sql<string[]>`coalesce(array_agg(u.code ORDER BY u.code) FILTER (WHERE u.code IS NOT NULL), '{}')`.as(
        'units',
      ),
    ])
    .groupBy('a.id')
    .orderBy('a.username')
    .execute();
}

/** How many accounts exist, disabled ones included (the server's start tells how to create the first). */
export async function countAgents(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('agents')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
