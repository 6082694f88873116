import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface AuditEntry {
  actorKind: 'system' | 'citizen' | 'agent';
  actorId?: string | null;
  action: string;
  objectType: string;
  objectId: string;
  /** Codes, counts and references only: never a fact's value or a message's text. */
  detail?: Record<string, string | number | boolean | null>;
  /** The units the record concerns: their supervisors read it in their trail. */
  unitIds?: readonly (string | null | undefined)[];
}

/**
 * Appends one record to the audit trail, in the caller's transaction so that the trail and the change it
 * describes commit together. Who, when, what — never the content. The hash chain is kept by a trigger.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  const unitIds = [...new Set(entry.unitIds?.filter((id): id is string => Boolean(id)) ?? [])];
  await db
    .insertInto('audit_log')
    .values({
      actor_kind: entry.actorKind,
      actor_id: entry.actorId ?? null,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      detail: JSON.stringify(entry.detail ?? {}),
      unit_ids: sql`${unitIds}::uuid[]`,
    })
    .execute();
}

export interface AuditFilter {
  /** Only records concerning one of these units (a supervisor's scope). */
  unitIds: string[];
  reportId?: string;
  agentId?: string;
  from?: Date;
  to?: Date;
  /** Records with an id below this one (paging backwards from the newest). */
  beforeId?: number;
  limit: number;
}

/** Audit records of a supervisor's units, newest first, with the agent's username. */
export async function listAuditRecords(db: Executor, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('agents as g', (join) =>
      join.on(sql<boolean>`a.actor_kind = 'agent' AND g.id::text = a.actor_id`),
    )
    .select([
      'a.id',
      'a.at',
      'a.actor_kind',
      'a.actor_id',
      'g.username',
      'a.action',
      'a.object_type',
      'a.object_id',
      'a.detail',
    ])
    // The units' own records, and the whole trail of the reports they hold now (what the platform did
    // before transmitting one is part of its story).
    .where(
      sql<boolean>`(a.unit_ids && ${filter.unitIds}::uuid[] OR (a.object_type = 'report' AND a.object_id IN (
        SELECT id::text FROM reports WHERE unit_id = ANY(${filter.unitIds}::uuid[]))))`,
    )
    .orderBy('a.id', 'desc')
    .limit(filter.limit);
  if (filter.reportId) {
    query = query.where('a.object_type', '=', 'report').where('a.object_id', '=', filter.reportId);
  }
  if (filter.agentId)
    query = query.where('a.actor_kind', '=', 'agent').where('a.actor_id', '=', filter.agentId);
  if (filter.from) query = query.where('a.at', '>=', filter.from);
  if (filter.to) query = query.where('a.at', '<', filter.to);
  if (filter.beforeId) query = query.where('a.id', '<', filter.beforeId);
  return query.execute();
}

/** The chain as stored and as recomputed, in id order, a page at a time (for `vigie audit verify`). */
export async function readChainPage(db: Executor, afterId: number, limit: number) {
  const result = await sql<{
    id: number;
    prev_hash: Buffer | null;
    hash: Buffer;
    recomputed: Buffer;
  }>`SELECT id, prev_hash, hash, audit_log_hash(prev_hash, a) AS recomputed
     FROM audit_log a WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`.execute(db);
  return result.rows;
}
