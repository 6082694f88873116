import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { encodeFact } from './fact-codec.ts';

export async function insertReport(
  db: Executor,
  row: {
    id: string;
    conversationId: string;
    keyId: string;
    /** Null for a chat closed by an officer: written when the citizen's device reads its receipt. */
    receiptHash: Buffer | null;
    receiptExpiresAt: Date;
    category: string;
    communeInsee: string | null;
    departementCode: string | null;
    /** The holder: the reception platform, until it transmits the report. */
    unitId: string | null;
    /** Where the routing table would send it. */
    suggestedUnitId: string | null;
    emergency: boolean;
    /** The danger indicators (categories, no content). */
    dangerFlags?: string[];
    wantsOfficer: boolean;
    closedBy?: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('reports')
    .values({
      id: row.id,
      conversation_id: row.conversationId,
      key_id: row.keyId,
      receipt_hash: row.receiptHash,
      receipt_given_at: row.receiptHash ? row.createdAt : null,
      closed_by: row.closedBy ?? null,
      receipt_expires_at: row.receiptExpiresAt,
      status: 'received',
      category: row.category,
      commune_insee: row.communeInsee,
      departement_code: row.departementCode,
      unit_id: row.unitId,
      suggested_unit_id: row.suggestedUnitId,
      activity_at: row.createdAt,
      emergency: row.emergency,
      danger_flags: row.dangerFlags ?? [],
      wants_officer: row.wantsOfficer,
    })
    .execute();
  await db
    .insertInto('report_status_changes')
    .values({
      report_id: row.id,
      from_status: null,
      to_status: 'received',
      actor_kind: 'system',
      actor_id: null,
      unit_id: row.unitId,
    })
    .execute();
}

export async function insertFacts(db: Executor, rows: ReturnType<typeof encodeFact>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('report_facts').values(rows).execute();
}

/** The report a receipt opens, if the receipt has not expired. */
export async function findReportByReceiptHash(db: Executor, receiptHash: Buffer, now: Date) {
  return db
    .selectFrom('reports')
    .select(['id', 'conversation_id', 'status', 'unit_id'])
    .where('receipt_hash', '=', receiptHash)
    .where('receipt_expires_at', '>', now)
    .executeTakeFirst();
}

export async function findReportByConversation(db: Executor, conversationId: string) {
  return db
    .selectFrom('reports')
    .select([
      'id',
      'status',
      'category',
      'commune_insee',
      'departement_code',
      'unit_id',
      'created_at',
      'closed_by',
      sql<boolean>`receipt_hash IS NULL`.as('receipt_pending'),
      'key_id',
    ])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}

/** The receipt hash of the report a conversation became, and when it was made. */
export async function findReceiptOfConversation(db: Executor, conversationId: string) {
  return db
    .selectFrom('reports')
    .select(['id', 'receipt_hash', 'receipt_given_at', 'closed_by', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}

/**
 * Writes the receipt hash of a report closed by an officer, when the citizen's device first reads it:
 * only if none was written (two devices at once: one gets it). True when this call wrote it.
 */
export async function claimReceipt(db: Executor, reportId: string, receiptHash: Buffer, now: Date) {
  const row = await db
    .updateTable('reports')
    .set({ receipt_hash: receiptHash, receipt_given_at: now })
    .where('id', '=', reportId)
    .where('receipt_hash', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Where the facts happened: the département of a commune, if the commune is known. */
export async function findCommuneDepartement(db: Executor, insee: string): Promise<string | null> {
  const row = await db
    .selectFrom('communes')
    .select('departement_code')
    .where('insee', '=', insee)
    .executeTakeFirst();
  return row?.departement_code ?? null;
}

/**
 * Where the routing table (category × département) sends a report once the platform transmits it; null
 * without a rule or without a known place: the operator then chooses the unit.
 */
export async function findRoutedUnit(
  db: Executor,
  category: string,
  departementCode: string | null,
): Promise<string | null> {
  if (!departementCode) return null;
  const rule = await db
    .selectFrom('routing_rules')
    .select('unit_id')
    .where('category', '=', category)
    .where('departement_code', '=', departementCode)
    .executeTakeFirst();
  return rule?.unit_id ?? null;
}

/** A report's reporter answered or wrote: the holding unit should notice it. */
export async function touchReportActivity(db: Executor, reportId: string, at: Date): Promise<void> {
  await db
    .updateTable('reports')
    .set({ activity_at: at, updated_at: at })
    .where('id', '=', reportId)
    .execute();
}
