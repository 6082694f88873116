import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { blindIndex } from '../crypto/blind-index.ts';
import { extractEntities } from '../extraction/index.ts';
import { countReportsInScope, listReportsInScope } from './agent-report.repo.ts';
import { SEARCHABLE_TYPES } from './fact-codec.ts';
import { scopeOf } from './report-access.ts';

export interface ReportListItem {
  id: string;
  status: string;
  category: string;
  commune: string | null;
  communeName: string | null;
  departement: string | null;
  unit: string | null;
  createdAt: string;
  activityAt: string;
  urgency: string;
  emergency: boolean;
  unread: boolean;
}

export interface ReportListQuery {
  status?: string;
  category?: string;
  commune?: string;
  from?: Date;
  to?: Date;
  q?: string;
  limit?: number;
}

/**
 * The blind indexes a search term stands for: a plate, a phone or a handle typed in any usual spelling
 * is normalized by the extractor, then hashed as the facts were (equality search on encrypted facts).
 */
function blindIndexesOf(deps: AppDeps, term: string): Buffer[] {
  const entities = extractEntities(term, { now: deps.now(), departement: deps.config.homeDepartement });
  return entities
    .filter((entity) => SEARCHABLE_TYPES.has(entity.type))
    .map((entity) => blindIndex(deps.keys.blindIndexKey, entity.type, entity.value));
}

/**
 * The inbox of an agent's units (metadata only: no fact, no message), unread first, with counts. A list
 * is a consultation too: one audit record per request, with how many reports it showed and whether it
 * was searched (never the search term, which may be a plate or a phone number).
 */
export async function listReports(deps: AppDeps, agent: AgentPrincipal, query: ReportListQuery) {
  const scope = scopeOf(agent);
  const term = query.q?.trim();
  const [rows, counts] = await Promise.all([
    listReportsInScope(deps.db, scope, {
      status: query.status,
      category: query.category,
      communeInsee: query.commune,
      from: query.from,
      to: query.to,
      ...(term && { text: { term, blindIndexes: blindIndexesOf(deps, term) } }),
      limit: query.limit ?? 200,
    }),
    countReportsInScope(deps.db, scope),
  ]);
  await auditReportList(deps, agent, {
    shown: rows.length,
    searched: Boolean(term),
    filtered: Boolean(query.status || query.category || query.commune || query.from || query.to),
  });
  const items = rows.map(toListItem);
  return {
    items,
    counts: {
      byStatus: Object.fromEntries(counts.map((c) => [c.status, c.total])) as Record<string, number>,
      unread: counts.reduce((sum, c) => sum + c.unread, 0),
    },
  };
}

/** A row of the agent's scope as the inbox shows it (the list, and each live inbox event). */
export function toListItem(row: Awaited<ReturnType<typeof listReportsInScope>>[number]): ReportListItem {
  return {
    id: row.id,
    status: row.status,
    category: row.category,
    commune: row.commune_insee,
    communeName: row.commune_name,
    departement: row.departement_code,
    unit: row.unit_code,
    createdAt: row.created_at.toISOString(),
    activityAt: row.activity_at.toISOString(),
    urgency: row.urgency,
    emergency: row.emergency,
    unread: row.unread,
  };
}

/**
 * A list of the unit's reports (the inbox page, the API, the live inbox) is a consultation: one audit
 * record, with how much it showed and how, never the search term (it may be a plate or a phone number).
 */
export async function auditReportList(
  deps: Pick<AppDeps, 'db'>,
  agent: AgentPrincipal,
  detail: Record<string, number | boolean>,
): Promise<void> {
  await recordAudit(deps.db, {
    actorKind: 'agent',
    actorId: agent.id,
    action: 'reports.listed',
    objectType: 'unit',
    objectId: agent.unitCodes.join(','),
    detail,
    unitIds: agent.unitIds,
  });
}
