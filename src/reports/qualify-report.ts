import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { isCategory } from '../conversations/engine/index.ts';
import { AppError } from '../errors.ts';
import { updateQualification } from './agent-report.repo.ts';
import { recordInboxEvent, unitTopic } from './inbox-events.repo.ts';
import { findCommuneDepartement, findRoutedUnit } from './report.repo.ts';
import { authorizeReport } from './report-access.ts';
import { decodePlace, encodePlace } from './report-place.ts';
import { isOpenStatus } from './report-status.ts';

export const URGENCIES = ['normale', 'elevee', 'immediate'] as const;
export const RELIABILITIES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

export interface QualificationInput {
  reportId: string;
  category?: string;
  urgency?: string;
  /** Admiralty scale: reliability of the source A–F, credibility of the information 1–6; null clears. */
  grading?: { reliability: string | null; credibility: number | null } | null;
  place?: { communeInsee?: string | null; address?: string | null; landmark?: string | null };
}

/**
 * The operator's (or the unit's) qualification: category, urgency, source grading, place of the facts.
 * A new category or commune recomputes where the routing table sends the report. The audit record names
 * the fields changed, never their values (an address is content).
 */
export async function qualifyReport(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: QualificationInput,
): Promise<{ changed: string[] }> {
  const result = await deps.db.transaction().execute(async (tx) => {
    const { report, dataKey } = await authorizeReport(deps, tx, agent, input.reportId, { forUpdate: true });
    if (!isOpenStatus(report.status)) throw new AppError('transition_refused', 'Ce signalement est clos.');
    const changed: string[] = [];
    const changes: Parameters<typeof updateQualification>[2] = { at: deps.now() };
    if (input.category !== undefined && input.category !== report.category) {
      if (!isCategory(input.category))
        throw new AppError('invalid_input', `Catégorie inconnue : ${input.category}.`);
      changes.category = input.category;
      changed.push('category');
    }
    if (input.urgency !== undefined && input.urgency !== report.urgency) {
      if (!(URGENCIES as readonly string[]).includes(input.urgency)) {
        throw new AppError('invalid_input', 'Urgence inconnue : normale, elevee ou immediate.');
      }
      changes.urgency = input.urgency;
      changed.push('urgency');
    }
    if (input.grading !== undefined) {
      const { reliability = null, credibility = null } = input.grading ?? {};
      if (reliability !== null && !(RELIABILITIES as readonly string[]).includes(reliability)) {
        throw new AppError('invalid_input', 'Fiabilité de la source : une lettre de A à F.');
      }
      if (credibility !== null && !(Number.isInteger(credibility) && credibility >= 1 && credibility <= 6)) {
        throw new AppError('invalid_input', 'Crédibilité de l’information : un chiffre de 1 à 6.');
      }
      changes.reliability = reliability;
      changes.credibility = credibility;
      changed.push('grading');
    }
    if (input.place) {
      const { communeInsee, address, landmark } = input.place;
      if (communeInsee !== undefined && communeInsee !== report.commune_insee) {
        const departement = communeInsee ? await findCommuneDepartement(tx, communeInsee) : null;
        if (communeInsee && !departement)
          throw new AppError('invalid_input', `Commune inconnue : ${communeInsee}.`);
        changes.communeInsee = communeInsee;
        changes.departementCode = departement;
        changed.push('commune');
      }
      if (address !== undefined || landmark !== undefined) {
        const place = decodePlace(dataKey, report.id, report.place_enc);
        const next = {
          ...place,
          ...(address !== undefined && { address: address?.trim() || undefined }),
          ...(landmark !== undefined && { landmark: landmark?.trim() || undefined }),
        };
        changes.placeEnc = encodePlace(dataKey, report.id, next);
        changed.push('place');
      }
    }
    if (changes.category !== undefined || changes.departementCode !== undefined) {
      changes.suggestedUnitId = await findRoutedUnit(
        tx,
        changes.category ?? report.category,
        changes.departementCode !== undefined ? changes.departementCode : report.departement_code,
      );
    }
    if (changed.length === 0) return { changed, event: null };
    await updateQualification(tx, report.id, changes);
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'report.qualified',
      objectType: 'report',
      objectId: report.id,
      detail: { fields: changed.join(',') },
      unitIds: [report.unit_id],
    });
    const event = report.unit_id
      ? await recordInboxEvent(tx, { unitId: report.unit_id, reportId: report.id, kind: 'report.changed' })
      : null;
    return { changed, event };
  });
  if (result.event) deps.hub.announce(unitTopic(result.event.unitId), result.event.id);
  return { changed: result.changed };
}
