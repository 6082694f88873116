import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/**
 * The reports an agent may see: those held by one of their units. Every query of this file takes the
 * agent's unit ids and filters on them in SQL (need-to-know is enforced here, not by hiding links).
 */
export interface Scope {
  agentId: string;
  unitIds: string[];
}

export interface ReportListFilter {
  status?: string;
  category?: string;
  communeInsee?: string;
  from?: Date;
  to?: Date;
  /** Report ids whose searchable facts match (blind index), or whose id / commune name match. */
  text?: { term: string; blindIndexes: Buffer[] };
  /** Only these reports (the live inbox reads the ones its events name). */
  ids?: string[];
  limit: number;
}

function inScope(scope: Scope) {
  return sql<boolean>`r.unit_id = ANY(${scope.unitIds}::uuid[])`;
}

/** The inbox: reports of the agent's units, unread first, then the most recent activity. */
export async function listReportsInScope(db: Executor, scope: Scope, filter: ReportListFilter) {
  let query = db
    .selectFrom('reports as r')
    .leftJoin('communes as c', 'c.insee', 'r.commune_insee')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('report_reads as rr', (join) =>
      join.onRef('rr.report_id', '=', 'r.id').on('rr.agent_id', '=', scope.agentId),
    )
    .select([
      'r.id',
      'r.status',
      'r.category',
      'r.commune_insee',
      'c.name as commune_name',
      'r.departement_code',
      'u.code as unit_code',
      'r.created_at',
      'r.activity_at',
      'r.urgency',
      'r.emergency',
      sql<boolean>`rr.read_at IS NULL OR rr.read_at < r.activity_at`.as('unread'),
    ])
    .where(inScope(scope));
  if (filter.ids?.length) query = query.where('r.id', 'in', filter.ids);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.category) query = query.where('r.category', '=', filter.category);
  if (filter.communeInsee) query = query.where('r.commune_insee', '=', filter.communeInsee);
  if (filter.from) query = query.where('r.created_at', '>=', filter.from);
  if (filter.to) query = query.where('r.created_at', '<', filter.to);
  if (filter.text) {
    const { term, blindIndexes } = filter.text;
    query = query.where((eb) =>
      eb.or([
        eb(sql`r.id::text`, 'like', `${term.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`),
        eb(sql`lower(c.name)`, '=', term.toLowerCase()),
        eb('r.commune_insee', '=', term),
        ...(blindIndexes.length > 0
          ? [
              eb.exists(
                eb
                  .selectFrom('report_facts as f')
                  .select('f.id')
                  .whereRef('f.report_id', '=', 'r.id')
                  .where('f.status', '!=', 'removed')
                  .where('f.blind_index', 'in', blindIndexes),
              ),
            ]
          : []),
      ]),
    );
  }
  return query
    .orderBy(sql`(rr.read_at IS NULL OR rr.read_at < r.activity_at)`, 'desc')
    .orderBy('r.activity_at', 'desc')
    .limit(filter.limit)
    .execute();
}

/** Counts of the agent's reports by state, and how many are unread. */
export async function countReportsInScope(db: Executor, scope: Scope) {
  const rows = await db
    .selectFrom('reports as r')
    .leftJoin('report_reads as rr', (join) =>
      join.onRef('rr.report_id', '=', 'r.id').on('rr.agent_id', '=', scope.agentId),
    )
    .select([
      'r.status',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE rr.read_at IS NULL OR rr.read_at < r.activity_at)::int`.as('unread'),
    ])
    .where(inScope(scope))
    .groupBy('r.status')
    .execute();
  return rows;
}

/** One report of the agent's scope, with what decrypting it needs; undefined outside the scope. */
export async function findReportInScope(
  db: Executor,
  scope: Scope,
  reportId: string,
  options: { forUpdate?: boolean } = {},
) {
  let query = db
    .selectFrom('reports as r')
    .innerJoin('data_keys as k', 'k.id', 'r.key_id')
    .leftJoin('communes as c', 'c.insee', 'r.commune_insee')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('units as s', 's.id', 'r.suggested_unit_id')
    .select([
      'r.id',
      'r.conversation_id',
      'r.key_id',
      'k.wrapped as wrapped_key',
      'r.status',
      'r.category',
      'r.commune_insee',
      'c.name as commune_name',
      'r.departement_code',
      'r.unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'u.kind as unit_kind',
      'r.suggested_unit_id',
      's.code as suggested_unit_code',
      'r.urgency',
      'r.reliability',
      'r.credibility',
      'r.place_enc',
      'r.emergency',
      'r.danger_flags',
      'r.wants_officer',
      'r.rejection_motive',
      'r.created_at',
      'r.transmitted_at',
      'r.activity_at',
    ])
    .where('r.id', '=', reportId)
    .where(inScope(scope));
  if (options.forUpdate) query = query.forUpdate('r');
  return query.executeTakeFirst();
}

export type ScopedReport = NonNullable<Awaited<ReturnType<typeof findReportInScope>>>;

export async function listReportFacts(db: Executor, reportId: string) {
  return db
    .selectFrom('report_facts')
    .select(['id', 'type', 'slot', 'message_id', 'body_enc', 'current_enc', 'status', 'updated_at'])
    .where('report_id', '=', reportId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Every message of the conversation, internal notes included (agents only). */
export async function listAllMessages(db: Executor, conversationId: string, afterSeq = 0) {
  return db
    .selectFrom('messages')
    .select(['id', 'seq', 'author', 'internal', 'agent_id', 'body_enc', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
}

export async function listStatusHistory(db: Executor, reportId: string) {
  return db
    .selectFrom('report_status_changes as h')
    .leftJoin('agents as a', (join) => join.on(sql`a.id::text`, '=', sql.ref('h.actor_id')))
    .leftJoin('units as u', 'u.id', 'h.unit_id')
    .select([
      'h.id',
      'h.from_status',
      'h.to_status',
      'h.actor_kind',
      'a.username',
      'h.at',
      'h.motive',
      'h.reason_enc',
      'u.code as unit_code',
    ])
    .where('h.report_id', '=', reportId)
    .orderBy('h.id')
    .execute();
}

export async function findReportAttachment(db: Executor, conversationId: string, attachmentId: string) {
  return db
    .selectFrom('attachments')
    .select(['id', 'mime', 'bytes', 'storage_key'])
    .where('conversation_id', '=', conversationId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

export async function markReportRead(
  db: Executor,
  agentId: string,
  reportId: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('report_reads')
    .values({ agent_id: agentId, report_id: reportId, read_at: at })
    .onConflict((oc) => oc.columns(['agent_id', 'report_id']).doUpdateSet({ read_at: at }))
    .execute();
}

export async function updateReportStatus(
  db: Executor,
  change: {
    reportId: string;
    from: string;
    to: string;
    agentId: string;
    at: Date;
    motive: string | null;
    reasonEnc: Buffer | null;
    unitId: string | null;
    /** The new holder (transmission). */
    holderId?: string;
  },
): Promise<void> {
  await db
    .updateTable('reports')
    .set({
      status: change.to,
      updated_at: change.at,
      ...(change.to === 'rejected' && { rejection_motive: change.motive }),
      ...(change.holderId && { unit_id: change.holderId, transmitted_at: change.at, activity_at: change.at }),
    })
    .where('id', '=', change.reportId)
    .execute();
  await db
    .insertInto('report_status_changes')
    .values({
      report_id: change.reportId,
      from_status: change.from,
      to_status: change.to,
      actor_kind: 'agent',
      actor_id: change.agentId,
      at: change.at,
      motive: change.motive,
      reason_enc: change.reasonEnc,
      unit_id: change.unitId,
    })
    .execute();
}

export async function updateQualification(
  db: Executor,
  reportId: string,
  changes: {
    category?: string;
    urgency?: string;
    reliability?: string | null;
    credibility?: number | null;
    communeInsee?: string | null;
    departementCode?: string | null;
    placeEnc?: Buffer | null;
    suggestedUnitId?: string | null;
    at: Date;
  },
): Promise<void> {
  const { at, ...rest } = changes;
  await db
    .updateTable('reports')
    .set({
      updated_at: at,
      ...(rest.category !== undefined && { category: rest.category }),
      ...(rest.urgency !== undefined && { urgency: rest.urgency }),
      ...(rest.reliability !== undefined && { reliability: rest.reliability }),
      ...(rest.credibility !== undefined && { credibility: rest.credibility }),
      ...(rest.communeInsee !== undefined && { commune_insee: rest.communeInsee }),
      ...(rest.departementCode !== undefined && { departement_code: rest.departementCode }),
      ...(rest.placeEnc !== undefined && { place_enc: rest.placeEnc }),
      ...(rest.suggestedUnitId !== undefined && { suggested_unit_id: rest.suggestedUnitId }),
    })
    .where('id', '=', reportId)
    .execute();
}

export async function findFact(db: Executor, reportId: string, factId: string) {
  return db
    .selectFrom('report_facts')
    .select(['id', 'type', 'slot', 'message_id', 'body_enc', 'current_enc', 'status'])
    .where('report_id', '=', reportId)
    .where('id', '=', factId)
    .executeTakeFirst();
}

export async function updateFact(
  db: Executor,
  factId: string,
  change: {
    status: string;
    currentEnc?: Buffer | null;
    blindIndex?: Buffer | null;
    agentId: string;
    at: Date;
  },
): Promise<void> {
  await db
    .updateTable('report_facts')
    .set({
      status: change.status,
      updated_at: change.at,
      updated_by: change.agentId,
      ...(change.currentEnc !== undefined && { current_enc: change.currentEnc }),
      ...(change.blindIndex !== undefined && { blind_index: change.blindIndex }),
    })
    .where('id', '=', factId)
    .execute();
}

export async function insertFactRevision(
  db: Executor,
  row: { factId: string; agentId: string; action: string; bodyEnc: Buffer | null; at: Date },
): Promise<void> {
  await db
    .insertInto('report_fact_revisions')
    .values({
      fact_id: row.factId,
      agent_id: row.agentId,
      action: row.action,
      body_enc: row.bodyEnc,
      at: row.at,
    })
    .execute();
}

/** Whether a message is one of the report's conversation (a fact may only point at those). */
export async function messageBelongsToReport(db: Executor, reportId: string, messageId: string) {
  const row = await db
    .selectFrom('messages as m')
    .innerJoin('reports as r', 'r.conversation_id', 'm.conversation_id')
    .select('m.id')
    .where('r.id', '=', reportId)
    .where('m.id', '=', messageId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The last thing an agent did to a fact, leaving out the actions given. */
export async function lastFactRevisionAction(db: Executor, factId: string, except: string[]) {
  const row = await db
    .selectFrom('report_fact_revisions')
    .select('action')
    .where('fact_id', '=', factId)
    .where('action', 'not in', except)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.action ?? null;
}

/** Locks the conversation behind a report (an agent's question takes the next seq). */
export async function lockConversation(db: Executor, conversationId: string) {
  return db
    .selectFrom('conversations')
    .select(['id', 'last_seq', 'status'])
    .where('id', '=', conversationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}
