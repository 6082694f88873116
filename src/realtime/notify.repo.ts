import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { MESSAGES_CHANNEL } from './realtime-hub.ts';

/**
 * Announces `topic:seq` to every process when the caller's transaction commits (NOTIFY is delivered on
 * commit): for a process that has no hub of its own, such as the CLI disabling an account.
 */
export async function announceOnCommit(db: Executor, topic: string, seq: number): Promise<void> {
  await sql`SELECT pg_notify(${MESSAGES_CHANNEL}, ${`${topic}:${seq}`})`.execute(db);
}
