import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { listAttachments } from '../attachments/attachment.repo.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { type Author, decodeMessage, type MessageView } from '../conversations/message-codec.ts';
import { decryptJson } from '../crypto/envelope.ts';
import { listAllMessages, listReportFacts, listStatusHistory, markReportRead } from './agent-report.repo.ts';
import { decodeFact, type FactView } from './fact-view.ts';
import { authorizeReport } from './report-access.ts';
import { decodePlace } from './report-place.ts';
import { nextStatesFor, type ReportStatus } from './report-status.ts';
import { reasonAad } from './transition-report.ts';

export interface AgentMessageView {
  id: string;
  seq: number;
  author: Author;
  text: string;
  /** The bot's summary as data (message-codec.ts): rendered as list items, never split from text. */
  list?: MessageView['list'];
  at: string;
  internal: boolean;
}

export interface ReportFiche {
  id: string;
  status: ReportStatus;
  category: string;
  unit: string | null;
  unitName: string | null;
  suggestedUnit: string | null;
  place: {
    communeInsee: string | null;
    commune: string | null;
    departement: string | null;
    address: string | null;
    landmark: string | null;
  };
  urgency: string;
  emergency: boolean;
  /** The danger indicators the bot recognised (strangulation, threat_to_kill…): categories, no content. */
  dangerFlags: string[];
  wantsOfficer: boolean;
  grading?: { reliability: string | null; credibility: number | null };
  rejectionMotive: string | null;
  facts: FactView[];
  messages: AgentMessageView[];
  attachments: { id: string; mime: string; bytes: number }[];
  history: {
    from: string | null;
    to: string;
    at: string;
    agent: string | null;
    motive: string | null;
    reason: string | null;
    unit: string | null;
  }[];
  allowedTransitions: ReportStatus[];
  createdAt: string;
  transmittedAt: string | null;
}

/**
 * The fiche of a report for an agent of its unit: facts with the message each came from, the whole
 * transcript (internal notes included), photos, qualification, history and the transitions this agent
 * may make. Reading it is a consultation: one audit record, and the report is marked read for the agent.
 */
export async function getReportFiche(
  deps: AppDeps,
  agent: AgentPrincipal,
  reportId: string,
  options: { purpose?: string } = {},
): Promise<ReportFiche> {
  return deps.db.transaction().execute(async (tx) => {
    const { report, dataKey } = await authorizeReport(deps, tx, agent, reportId);
    const [facts, messages, attachments, history] = await Promise.all([
      listReportFacts(tx, report.id),
      listAllMessages(tx, report.conversation_id),
      listAttachments(tx, report.conversation_id),
      listStatusHistory(tx, report.id),
    ]);
    const now = deps.now();
    await markReportRead(tx, agent.id, report.id, now);
    const place = decodePlace(dataKey, report.id, report.place_enc);
    const graded = report.reliability !== null || report.credibility !== null;
    const fiche: ReportFiche = {
      id: report.id,
      status: report.status as ReportStatus,
      category: report.category,
      unit: report.unit_code,
      unitName: report.unit_name,
      suggestedUnit: report.suggested_unit_code,
      place: {
        communeInsee: report.commune_insee,
        commune: report.commune_name,
        departement: report.departement_code,
        address: place.address ?? null,
        landmark: place.landmark ?? null,
      },
      urgency: report.urgency,
      emergency: report.emergency,
      dangerFlags: report.danger_flags ?? [],
      wantsOfficer: report.wants_officer,
      ...(graded && { grading: { reliability: report.reliability, credibility: report.credibility } }),
      rejectionMotive: report.rejection_motive,
      facts: facts.map((fact) => decodeFact(dataKey, report.category, fact)),
      messages: messages.map((row) => ({
        ...decodeMessage(dataKey, row),
        internal: row.internal,
      })),
      attachments: attachments.map(({ id, mime, bytes }) => ({ id, mime, bytes })),
      history: history.map((h) => ({
        from: h.from_status,
        to: h.to_status,
        at: h.at.toISOString(),
        agent: h.username ?? null,
        motive: h.motive,
        reason: h.reason_enc
          ? decryptJson<{ reason: string }>(dataKey, h.reason_enc, reasonAad(report.id)).reason
          : null,
        unit: h.unit_code,
      })),
      allowedTransitions: nextStatesFor(agent.role, report.status as ReportStatus),
      createdAt: report.created_at.toISOString(),
      transmittedAt: report.transmitted_at?.toISOString() ?? null,
    };
    // Last: the audit record takes the trail's lock until commit, which decrypting must not prolong.
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'report.viewed',
      objectType: 'report',
      objectId: report.id,
      detail: { purpose: options.purpose ?? 'fiche' },
      unitIds: [report.unit_id],
    });
    return fiche;
  });
}
