import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/**
 * What happened in a unit's inbox: report.arrived (a new or transmitted report), report.replied (the
 * reporter wrote), report.changed (state, qualification), report.left (transmitted elsewhere).
 */
export type InboxEventKind =
  | 'report.arrived'
  | 'report.replied'
  | 'report.changed'
  | 'report.alert'
  | 'report.left';

/** The real-time topic of a unit's inbox. */
export function unitTopic(unitId: string): string {
  return `unit-${unitId}`;
}

// The audit chain's lock: held until commit, it makes inbox events commit in the order of their ids,
// so a stream reading `id > last` never skips one that commits late with a smaller id.
const INBOX_ORDER_LOCK = 4242001;

/** Appends an event to a unit's inbox log, in the transaction of the change; returns its id. */
export async function recordInboxEvent(
  db: Executor,
  event: { unitId: string; reportId: string; kind: InboxEventKind },
): Promise<{ unitId: string; id: number }> {
  await sql`SELECT pg_advisory_xact_lock(${INBOX_ORDER_LOCK})`.execute(db);
  const row = await db
    .insertInto('inbox_events')
    .values({ unit_id: event.unitId, report_id: event.reportId, kind: event.kind })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { unitId: event.unitId, id: row.id };
}

/** Events of these units after `afterId`, oldest first (a stream's catch-up and live reads). */
export async function listInboxEvents(db: Executor, unitIds: string[], afterId: number, limit = 200) {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('inbox_events')
    .select(['id', 'unit_id', 'report_id', 'kind', 'at'])
    .where('unit_id', 'in', unitIds)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The newest event id of these units (where a stream without Last-Event-ID starts). */
export async function lastInboxEventId(db: Executor, unitIds: string[]): Promise<number> {
  if (unitIds.length === 0) return 0;
  const row = await db
    .selectFrom('inbox_events')
    .select((eb) => eb.fn.max('id').as('max'))
    .where('unit_id', 'in', unitIds)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}
