import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { updateConversation } from '../conversations/conversation.repo.ts';
import { type FlowState, summarizeForReport } from '../conversations/engine/index.ts';
import { persistMessages } from '../conversations/persist-messages.ts';
import type { Executor } from '../db/database.ts';
import { findPlatformUnit } from '../units/unit.repo.ts';
import { encodeFact } from './fact-codec.ts';
import { recordInboxEvent } from './inbox-events.repo.ts';
import { findCommuneDepartement, findRoutedUnit, insertFacts, insertReport } from './report.repo.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreatedReport {
  /** The seq of the system message that tells the citizen, to announce after commit. */
  seq: number;
  /** The platform's inbox event, to announce after commit. */
  event: { id: number; unitId: string } | null;
  platformId: string | null;
  /** The report's facts as written, in the flow state's order (the chat's corrections apply to them). */
  facts: { id: string; fact: FlowState['facts'][number] }[];
}

/**
 * Turns a conversation whose row the caller has locked into a report (fiche), in the caller's
 * transaction: the report held by the reception platform (the routing table's unit suggested), the facts
 * with the message each came from, the system message that tells the citizen, the conversation submitted,
 * the audit record and the platform's inbox event. The same for a citizen who transmits and for an operator
 * who closes a chat (`closedBy`): then the receipt hash is written later, when the citizen's device reads
 * its receipt (`claim-receipt.ts`).
 */
export async function createReport(
  deps: Pick<AppDeps, 'keys' | 'config'>,
  tx: Executor,
  input: {
    reportId: string;
    conversation: { id: string; key_id: string; last_seq: number };
    dataKey: Buffer;
    state: FlowState;
    receiptHash: Buffer | null;
    closedBy: AgentPrincipal | null;
    systemText: string;
    now: Date;
  },
): Promise<CreatedReport> {
  const { reportId, conversation, dataKey, now } = input;
  const summary = summarizeForReport(input.state);
  const departementCode = summary.communeInsee
    ? await findCommuneDepartement(tx, summary.communeInsee)
    : null;
  // Every report arrives at the reception platform; the routing table says where it will go next.
  const platformId = (await findPlatformUnit(tx))?.id ?? null;
  await insertReport(tx, {
    id: reportId,
    conversationId: conversation.id,
    keyId: conversation.key_id,
    receiptHash: input.receiptHash,
    receiptExpiresAt: new Date(now.getTime() + deps.config.receiptDays * DAY_MS),
    category: summary.category,
    communeInsee: departementCode ? summary.communeInsee : null,
    departementCode,
    unitId: platformId,
    suggestedUnitId: await findRoutedUnit(tx, summary.category, departementCode),
    emergency: summary.emergency,
    dangerFlags: summary.dangerFlags,
    wantsOfficer: summary.wantsOfficer,
    closedBy: input.closedBy?.id ?? null,
    createdAt: now,
  });
  const rows = summary.facts.map((fact) => encodeFact(dataKey, deps.keys.blindIndexKey, reportId, fact));
  await insertFacts(tx, rows);
  const written = await persistMessages(
    tx,
    dataKey,
    conversation.id,
    conversation.last_seq,
    [{ author: 'system', body: { text: input.systemText } }],
    now,
  );
  await updateConversation(tx, conversation.id, {
    status: 'submitted',
    submittedAt: now,
    lastSeq: written.lastSeq,
  });
  await recordAudit(tx, {
    ...(input.closedBy
      ? { actorKind: 'agent', actorId: input.closedBy.id }
      : { actorKind: 'citizen' as const }),
    action: 'report.created',
    objectType: 'report',
    objectId: reportId,
    detail: {
      category: summary.category,
      facts: summary.facts.length,
      ...(summary.dangerFlags.length > 0 && { dangerFlags: summary.dangerFlags.join(',') }),
      ...(input.closedBy && { chat: true }),
    },
    unitIds: [platformId],
  });
  const event = platformId
    ? await recordInboxEvent(tx, { unitId: platformId, reportId, kind: 'report.arrived' })
    : null;
  return {
    seq: written.lastSeq,
    event,
    platformId,
    facts: rows.map((row, index) => ({
      id: row.id,
      fact: input.state.facts[index] as FlowState['facts'][number],
    })),
  };
}
