import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { blindIndex } from '../crypto/blind-index.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { ENTITY_TYPES } from '../extraction/types.ts';
import {
  findFact,
  insertFactRevision,
  lastFactRevisionAction,
  listReportFacts,
  messageBelongsToReport,
  updateFact,
} from './agent-report.repo.ts';
import { encodeFact, SEARCHABLE_TYPES } from './fact-codec.ts';
import { decodeFact, encodeCurrentFact, type FactView } from './fact-view.ts';
import { insertFacts } from './report.repo.ts';
import { authorizeReport } from './report-access.ts';
import { isOpenStatus } from './report-status.ts';

/** The types an agent may add: the extractor's (corpus conventions) and the flows' usual slots. */
export const FACT_TYPES = [
  ...ENTITY_TYPES,
  'datetime',
  'place',
  'address',
  'clothing',
  'roles',
  'activity',
  'description',
  'nickname',
  'price',
  'other',
] as const;

export type FactAction = 'confirm' | 'edit' | 'remove' | 'restore';

/**
 * An agent's work on the facts: confirm an extracted fact, correct it (the extracted original stays, the
 * agent's version is kept beside it), remove it (kept, marked removed), restore it, or add a fact said in
 * other words. Every change is a revision and an audit record (type and action, never the value); a
 * searchable fact's blind index follows its current value.
 */
export async function editFact(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: { reportId: string; factId: string; action: FactAction; value?: string; text?: string },
): Promise<{ fact: FactView }> {
  return changeFacts(deps, agent, input.reportId, async (tx, dataKey, now, category) => {
    const row = await findFact(tx, input.reportId, input.factId);
    if (!row) throw new AppError('not_found');
    const current = decodeFact(dataKey, category, row);
    let status = row.status;
    let currentEnc: Buffer | null | undefined;
    let blind: Buffer | null | undefined;
    let revision: Buffer | null = null;
    switch (input.action) {
      case 'confirm':
        status = row.status === 'added' ? 'added' : row.current_enc ? 'edited' : 'confirmed';
        break;
      case 'remove':
        status = 'removed';
        break;
      case 'restore':
        status = await statusBeforeRemoval(tx, row.id, Boolean(row.current_enc));
        break;
      case 'edit': {
        const value = input.value?.trim();
        if (!value) throw new AppError('invalid_input', 'La nouvelle valeur est vide.');
        const content = { value, text: input.text?.trim() || current.text };
        currentEnc = encodeCurrentFact(dataKey, row.id, content);
        revision = currentEnc;
        status = row.status === 'added' ? 'added' : 'edited';
        blind = SEARCHABLE_TYPES.has(row.type) ? blindIndex(deps.keys.blindIndexKey, row.type, value) : null;
        break;
      }
      default:
        throw new AppError('invalid_input', 'Action inconnue : confirm, edit, remove ou restore.');
    }
    await updateFact(tx, row.id, { status, currentEnc, blindIndex: blind, agentId: agent.id, at: now });
    await insertFactRevision(tx, {
      factId: row.id,
      agentId: agent.id,
      action:
        input.action === 'confirm'
          ? 'confirmed'
          : input.action === 'edit'
            ? 'edited'
            : input.action === 'remove'
              ? 'removed'
              : 'restored',
      bodyEnc: revision,
      at: now,
    });
    return { factId: row.id, type: row.type, action: input.action };
  });
}

/** A fact the reporter gave in other words than the extractor understood, added by the agent. */
export async function addFact(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: { reportId: string; type: string; value: string; text?: string; messageId?: string | null },
): Promise<{ fact: FactView }> {
  if (!(FACT_TYPES as readonly string[]).includes(input.type)) {
    throw new AppError('invalid_input', `Type de fait inconnu : ${input.type}.`);
  }
  const value = input.value.trim();
  if (!value || value.length > 500)
    throw new AppError('invalid_input', 'La valeur du fait est vide ou trop longue.');
  return changeFacts(deps, agent, input.reportId, async (tx, dataKey, now) => {
    const row = encodeFact(dataKey, deps.keys.blindIndexKey, input.reportId, {
      type: input.type,
      value,
      text: input.text?.trim() || value,
      slot: 'agent',
      messageId: input.messageId ?? null,
    });
    if (row.message_id) {
      if (!(await messageBelongsToReport(tx, input.reportId, row.message_id)))
        throw new AppError('invalid_input', 'Ce message n’appartient pas à ce signalement.');
    }
    await insertFacts(tx, [{ ...row, id: row.id }]);
    await updateFact(tx, row.id, { status: 'added', agentId: agent.id, at: now });
    await insertFactRevision(tx, {
      factId: row.id,
      agentId: agent.id,
      action: 'added',
      bodyEnc: row.body_enc,
      at: now,
    });
    return { factId: row.id, type: input.type, action: 'add' };
  });
}

async function changeFacts(
  deps: AppDeps,
  agent: AgentPrincipal,
  reportId: string,
  change: (
    tx: Executor,
    dataKey: Buffer,
    now: Date,
    category: string,
  ) => Promise<{ factId: string; type: string; action: string }>,
): Promise<{ fact: FactView }> {
  return deps.db.transaction().execute(async (tx) => {
    const { report, dataKey } = await authorizeReport(deps, tx, agent, reportId, { forUpdate: true });
    if (!isOpenStatus(report.status)) throw new AppError('transition_refused', 'Ce signalement est clos.');
    const done = await change(tx, dataKey, deps.now(), report.category);
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'report.fact_changed',
      objectType: 'report',
      objectId: report.id,
      detail: { fact: done.factId, type: done.type, change: done.action },
      unitIds: [report.unit_id],
    });
    const rows = await listReportFacts(tx, report.id);
    const row = rows.find((r) => r.id === done.factId);
    if (!row) throw new AppError('not_found');
    return { fact: decodeFact(dataKey, report.category, row) };
  });
}

/** What a restored fact goes back to: its state before it was removed (confirmed stays confirmed). */
async function statusBeforeRemoval(db: Executor, factId: string, edited: boolean): Promise<string> {
  const action = await lastFactRevisionAction(db, factId, ['removed', 'restored']);
  if (action === 'added') return 'added';
  if (edited) return 'edited';
  return action === 'confirmed' ? 'confirmed' : 'extracted';
}
