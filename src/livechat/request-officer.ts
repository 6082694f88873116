import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { authorizeCitizen, type CitizenCredentials } from '../conversations/conversation-access.ts';
import { assertConversationTransition } from '../conversations/conversation-status.ts';
import type { FlowState } from '../conversations/engine/index.ts';
import { decodeFlowState } from '../conversations/flow-state-codec.ts';
import { AppError } from '../errors.ts';
import { findPlatformUnit } from '../units/unit.repo.ts';
import { assignQueued } from './assign-next.ts';
import { markWaiting } from './livechat.repo.ts';

/**
 * The citizen asks for an officer: the conversation goes from open to waiting_agent, in line from now,
 * with the bot's pre-qualification copied in clear for the queue (danger: the flow's emergency flag;
 * the commune's INSEE code) and nothing of its content. Then the automatic assignment runs.
 *
 * Not yet called from the message path (`talk_to_officer` only sets the flow's wantsOfficer): until the
 * operator's chat view and the citizen's waiting state exist (the rest of part 2b), a citizen put in
 * line could no longer write to the bot.
 */
export async function requestOfficer(
  deps: AppDeps,
  credentials: CitizenCredentials,
): Promise<{ status: 'waiting_agent'; waitingSince: string }> {
  const queued = await deps.db.transaction().execute(async (tx) => {
    const { row, dataKey } = await authorizeCitizen(deps, tx, credentials, { forUpdate: true });
    assertConversationTransition(row.status, 'waiting_agent');
    const state = decodeFlowState(dataKey, row.id, row.state_enc);
    const marked = await markWaiting(tx, row.id, {
      now: deps.now(),
      danger: state.emergency,
      communeInsee: communeOf(state),
    });
    if (!marked?.waiting_since) throw new AppError('conversation_closed');
    await recordAudit(tx, {
      actorKind: 'citizen',
      action: 'chat.requested',
      objectType: 'conversation',
      objectId: row.id,
      detail: { danger: state.emergency },
      unitIds: [(await findPlatformUnit(tx))?.id],
    });
    return marked.waiting_since;
  });
  // The cached copy says open; its next write would be refused by the database anyway.
  deps.turnCache.forget(credentials.conversationId);
  await assignQueued(deps);
  return { status: 'waiting_agent', waitingSince: new Date(queued).toISOString() };
}

/** The commune the bot understood, as `summarizeForReport` picks it. */
function communeOf(state: FlowState): string | null {
  const communes = state.facts.filter((fact) => fact.type === 'commune');
  return (communes.find((fact) => fact.slot === 'commune') ?? communes[0])?.value ?? null;
}
