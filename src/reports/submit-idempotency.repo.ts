import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** What a retried submission needs of the report a conversation became (migration 006). */
export interface SubmittedReportKey {
  id: string;
  receipt_hash: Buffer;
  submit_key_hash: Buffer | null;
  created_at: Date;
}

export async function findSubmittedReportKey(
  db: Executor,
  conversationId: string,
): Promise<SubmittedReportKey | undefined> {
  const result = await sql<SubmittedReportKey>`
    SELECT id, receipt_hash, submit_key_hash, created_at FROM reports WHERE conversation_id = ${conversationId}`.execute(
    db,
  );
  return result.rows[0];
}

/** Keeps the keyed hash of the Idempotency-Key the report was transmitted with. */
export async function recordSubmitKey(db: Executor, reportId: string, keyHash: Buffer): Promise<void> {
  await sql`UPDATE reports SET submit_key_hash = ${keyHash} WHERE id = ${reportId}`.execute(db);
}
