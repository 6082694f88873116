import type { AgentPrincipal } from '../agents/agent-principal.ts';
import { dataKeyAad } from '../conversations/conversation-access.ts';
import { unwrapDataKey } from '../crypto/envelope.ts';
import type { KeyRing } from '../crypto/master-key.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { findReportInScope, type Scope, type ScopedReport } from './agent-report.repo.ts';

export function scopeOf(agent: AgentPrincipal): Scope {
  return { agentId: agent.id, unitIds: agent.unitIds };
}

/**
 * The report policy for agents: a report is reachable only through the agent's units (the query filters
 * on them). Outside the scope, or not existing, or shredded: the same 404, so nothing can be probed.
 */
export async function authorizeReport(
  deps: { keys: KeyRing },
  db: Executor,
  agent: AgentPrincipal,
  reportId: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ report: ScopedReport; dataKey: Buffer }> {
  if (agent.role === 'admin') throw new AppError('not_found');
  const report = await findReportInScope(db, scopeOf(agent), reportId, options);
  if (!report?.wrapped_key) throw new AppError('not_found');
  return {
    report,
    dataKey: unwrapDataKey(deps.keys.wrapKey, report.wrapped_key, dataKeyAad(report.key_id)),
  };
}
