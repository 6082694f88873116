import type { Executor } from '../db/database.ts';

export interface AuditEntry {
  actorKind: 'system' | 'citizen' | 'agent';
  actorId?: string | null;
  action: string;
  objectType: string;
  objectId: string;
  detail?: Record<string, string | number | boolean>;
}

/**
 * Appends one record to the audit trail, in the caller's transaction so that the trail and the change it
 * describes commit together. Who, when, what — never the content. The hash chain is kept by a trigger.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_kind: entry.actorKind,
      actor_id: entry.actorId ?? null,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
