import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { encryptJson } from '../crypto/envelope.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { findUnitByCode, findUnitById } from '../units/unit.repo.ts';
import { updateReportStatus } from './agent-report.repo.ts';
import { type InboxEventKind, recordInboxEvent, unitTopic } from './inbox-events.repo.ts';
import { authorizeReport } from './report-access.ts';
import {
  isReportStatus,
  REJECTION_MOTIVES,
  type RejectionMotive,
  type ReportStatus,
  roleMayReach,
  roleMayTransition,
} from './report-status.ts';

export const reasonAad = (reportId: string) => `status-reason:${reportId}`;
const MAX_REASON = 2000;

export interface TransitionInput {
  reportId: string;
  to: string;
  reason?: string;
  motive?: string;
  /** The unit a transmission goes to, by code, when it is not the routing table's. */
  unit?: string;
}

/** The motive of a rejection: given as such, or as the first word of the reason ("doublon : …"). */
function rejectionOf(input: TransitionInput): { motive: RejectionMotive; reason: string } {
  const reason = input.reason?.trim() ?? '';
  const motive =
    input.motive ??
    REJECTION_MOTIVES.find((m) => reason === m || reason.startsWith(`${m} `) || reason.startsWith(`${m}:`));
  if (!motive || !(REJECTION_MOTIVES as readonly string[]).includes(motive)) {
    throw new AppError(
      'invalid_input',
      'Indiquez le motif du rejet : non_pertinent, doublon ou malveillant (et, si besoin, une raison).',
    );
  }
  const free = input.motive ? reason : reason.slice(motive.length).replace(/^[\s:–-]+/, '');
  return { motive: motive as RejectionMotive, reason: free };
}

/**
 * Moves a report along its lifecycle (report-status.ts): 404 outside the agent's scope, 403 when the
 * role may never make that move, 409 when the state machine refuses it from the current state. A
 * transmission goes to the routing table's unit, or to another with a reason; the report then leaves
 * the platform's inbox for the unit's. One status change, one audit record (motive and recipient, never
 * the reason's text), inbox events for each unit concerned, in one transaction; announced after commit.
 */
export async function transitionReport(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: TransitionInput,
): Promise<{ status: ReportStatus }> {
  const { status, events } = await deps.db
    .transaction()
    .execute((tx) => transitionReportInTransaction(deps, tx, agent, input));
  announceInboxEvents(deps, events);
  return { status };
}

/** Announces inbox events once their transaction has committed. */
export function announceInboxEvents(deps: Pick<AppDeps, 'hub'>, events: { unitId: string; id: number }[]) {
  for (const event of events) deps.hub.announce(unitTopic(event.unitId), event.id);
}

/**
 * The transition in the caller's transaction (closing a chat straight to a unit uses it too); the caller
 * announces the returned inbox events after its commit (`announceInboxEvents`).
 */
export async function transitionReportInTransaction(
  deps: AppDeps,
  tx: Executor,
  agent: AgentPrincipal,
  input: TransitionInput,
): Promise<{ status: ReportStatus; events: { unitId: string; id: number }[] }> {
  if (!isReportStatus(input.to)) throw new AppError('invalid_input', `État inconnu : ${input.to}.`);
  const to = input.to;
  if ((input.reason?.length ?? 0) > MAX_REASON) {
    throw new AppError('invalid_input', `La raison est trop longue (${MAX_REASON} caractères au plus).`);
  }
  const { report, dataKey } = await authorizeReport(deps, tx, agent, input.reportId, { forUpdate: true });
  const from = report.status as ReportStatus;
  if (!roleMayReach(agent.role, to))
    throw new AppError('forbidden', 'Votre rôle ne permet pas ce changement d’état.');
  if (!roleMayTransition(agent.role, from, to)) throw new AppError('transition_refused');

  let motive: RejectionMotive | null = null;
  let reason = input.reason?.trim() ?? '';
  if (to === 'rejected') ({ motive, reason } = rejectionOf(input));
  let target: { id: string; code: string } | null = null;
  if (to === 'transmitted') target = await transmissionTarget(tx, report, input.unit, reason);

  const now = deps.now();
  await updateReportStatus(tx, {
    reportId: report.id,
    from,
    to,
    agentId: agent.id,
    at: now,
    motive,
    reasonEnc: reason ? encryptJson(dataKey, { reason }, reasonAad(report.id)) : null,
    unitId: target?.id ?? report.unit_id,
    ...(target && { holderId: target.id }),
  });
  await recordAudit(tx, {
    actorKind: 'agent',
    actorId: agent.id,
    action: to === 'transmitted' ? 'report.transmitted' : 'report.status_changed',
    objectType: 'report',
    objectId: report.id,
    detail: {
      from,
      to,
      ...(motive && { motive }),
      ...(target && { recipient: target.code, routed: target.id === report.suggested_unit_id }),
      reasoned: reason.length > 0,
    },
    unitIds: [report.unit_id, target?.id],
  });
  const written: { unitId: string; id: number }[] = [];
  const note = async (unitId: string | null, kind: InboxEventKind) => {
    if (unitId) written.push(await recordInboxEvent(tx, { unitId, reportId: report.id, kind }));
  };
  if (target) {
    await note(report.unit_id, 'report.left');
    await note(target.id, 'report.arrived');
  } else {
    await note(report.unit_id, to === 'action_immediate' ? 'report.alert' : 'report.changed');
  }
  return { status: to, events: written };
}

/** The unit a transmission goes to: the routing table's, or another one named with a reason. */
async function transmissionTarget(
  db: Parameters<typeof findUnitByCode>[0],
  report: { suggested_unit_id: string | null; unit_id: string | null },
  unitCode: string | undefined,
  reason: string,
): Promise<{ id: string; code: string }> {
  if (!unitCode) {
    if (!report.suggested_unit_id) {
      throw new AppError(
        'invalid_input',
        'Aucune unité n’est prévue par la table de routage : choisissez-en une.',
      );
    }
    const unit = await findUnitById(db, report.suggested_unit_id);
    // A routing rule may name the platform itself: "transmitting" there would leave the report with its
    // holder, marked transmitted, where no one may take it further.
    if (unit.kind === 'plateforme' || unit.id === report.unit_id) {
      throw new AppError(
        'invalid_input',
        `La table de routage désigne ${unit.code}, qui détient déjà le signalement : choisissez l’unité destinataire.`,
      );
    }
    return { id: unit.id, code: unit.code };
  }
  const unit = await findUnitByCode(db, unitCode.trim().toUpperCase());
  if (!unit || unit.kind === 'plateforme' || unit.id === report.unit_id) {
    throw new AppError('invalid_input', `Unité destinataire invalide : ${unitCode}.`);
  }
  if (unit.id !== report.suggested_unit_id && !reason) {
    throw new AppError(
      'invalid_input',
      'Vous transmettez à une autre unité que celle de la table de routage : indiquez la raison.',
    );
  }
  return { id: unit.id, code: unit.code };
}
