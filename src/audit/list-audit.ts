import { findAgentByUsername } from '../agents/agent.repo.ts';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';
import { listAuditRecords } from './audit.repo.ts';

export interface AuditQuery {
  reportId?: string;
  /** An agent's username. */
  agent?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit?: number;
}

export interface AuditItem {
  id: number;
  at: string;
  actor: { kind: string; username: string | null };
  action: string;
  objectType: string;
  objectId: string | null;
  detail: Record<string, unknown>;
}

/** The audit trail of a supervisor's units, filtered by report, agent and period (newest first). */
export async function listAudit(
  deps: AppDeps,
  supervisor: AgentPrincipal,
  query: AuditQuery,
): Promise<{ items: AuditItem[] }> {
  if (supervisor.role !== 'superviseur') throw new AppError('forbidden');
  let agentId: string | undefined;
  if (query.agent) {
    const agent = await findAgentByUsername(deps.db, query.agent.trim().toLowerCase());
    if (!agent) return { items: [] };
    agentId = agent.id;
  }
  const rows = await listAuditRecords(deps.db, {
    unitIds: supervisor.unitIds,
    reportId: query.reportId,
    agentId,
    from: query.from,
    to: query.to,
    beforeId: query.beforeId,
    limit: Math.min(query.limit ?? 200, 1000),
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: { kind: row.actor_kind, username: row.username ?? null },
      action: row.action,
      objectType: row.object_type,
      objectId: row.object_id,
      detail: (row.detail ?? {}) as Record<string, unknown>,
    })),
  };
}
