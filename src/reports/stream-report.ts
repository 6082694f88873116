import type { FastifyReply, FastifyRequest } from 'fastify';
import { openAgentEventStream } from '../agents/agent-event-stream.ts';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { decodeMessage } from '../conversations/message-codec.ts';
import { lastEventIdOf } from '../realtime/event-stream.ts';
import { listAllMessages, listReportFacts } from './agent-report.repo.ts';
import { decodeFact } from './fact-view.ts';
import { unitTopic } from './inbox-events.repo.ts';
import { authorizeReport } from './report-access.ts';

/**
 * The live fiche (SSE): event `message` (id = seq) for each new message of the conversation with the
 * facts extracted from it — the reporter's answers arrive on the open fiche — and event `report` when
 * the report's state changes. Opening it is a consultation (one audit record); access is checked again
 * before every read, so a report transmitted away or a session ended stops the stream.
 */
export async function streamReport(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  agent: AgentPrincipal,
  reportId: string,
): Promise<void> {
  const { report } = await authorizeReport(deps, deps.db, agent, reportId);
  await recordAudit(deps.db, {
    actorKind: 'agent',
    actorId: agent.id,
    action: 'report.viewed',
    objectType: 'report',
    objectId: report.id,
    detail: { purpose: 'live' },
    unitIds: [report.unit_id],
  });
  const lastSeq = lastEventIdOf(request);
  let sentSeq = lastSeq ?? (await listAllMessages(deps.db, report.conversation_id)).at(-1)?.seq ?? 0;
  let status = report.status;
  await openAgentEventStream(deps, request, reply, agent, {
    topics: [report.conversation_id, ...(report.unit_id ? [unitTopic(report.unit_id)] : [])],
    async poll(send, current) {
      const { report: now, dataKey } = await authorizeReport(deps, deps.db, current, reportId);
      if (now.status !== status) {
        status = now.status;
        send('report', null, { status });
      }
      const messages = await listAllMessages(deps.db, now.conversation_id, sentSeq);
      if (messages.length === 0) return;
      const facts = (await listReportFacts(deps.db, now.id)).filter((f) =>
        messages.some((m) => m.id === f.message_id),
      );
      for (const row of messages) {
        send('message', row.seq, {
          message: { ...decodeMessage(dataKey, row), internal: row.internal },
          facts: facts
            .filter((f) => f.message_id === row.id)
            .map((f) => decodeFact(dataKey, now.category, f)),
        });
        sentSeq = row.seq;
      }
    },
  });
}
