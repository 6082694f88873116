import type { FastifyReply, FastifyRequest } from 'fastify';
import { openAgentEventStream } from '../agents/agent-event-stream.ts';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';
import { lastEventIdOf } from '../realtime/event-stream.ts';
import { listReportsInScope } from './agent-report.repo.ts';
import { lastInboxEventId, listInboxEvents, unitTopic } from './inbox-events.repo.ts';
import { auditReportList, toListItem } from './list-reports.ts';
import { scopeOf } from './report-access.ts';

/**
 * The live inbox of an agent's units (SSE, event `inbox`, id = the inbox event's id): a report arrives,
 * the reporter answers, its state changes, it leaves. Each event carries the report's list item as the
 * agent may see it now (metadata only), or `gone` when it left the agent's scope. Resumes after
 * Last-Event-ID from the inbox log; a new stream starts at the newest event (the page shows the rest).
 */
export async function streamInbox(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  agent: AgentPrincipal,
): Promise<void> {
  if (agent.role === 'admin') throw new AppError('not_found');
  // The live inbox shows the same metadata as the list: opening it is a consultation.
  await auditReportList(deps, agent, { live: true });
  let lastId = lastEventIdOf(request) ?? (await lastInboxEventId(deps.db, agent.unitIds));
  await openAgentEventStream(deps, request, reply, agent, {
    topics: agent.unitIds.map(unitTopic),
    async poll(send, current) {
      const events = await listInboxEvents(deps.db, current.unitIds, lastId);
      if (events.length === 0) return;
      const ids = [...new Set(events.map((e) => e.report_id))];
      const items = await listReportsInScope(deps.db, scopeOf(current), { ids, limit: ids.length });
      const byId = new Map(items.map((item) => [item.id, item]));
      for (const event of events) {
        const item = byId.get(event.report_id);
        send('inbox', event.id, {
          kind: event.kind,
          reportId: event.report_id,
          at: event.at.toISOString(),
          ...(item ? { item: toListItem(item) } : { gone: true }),
        });
        lastId = event.id;
      }
    },
  });
}
