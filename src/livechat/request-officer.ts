import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { authorizeCitizen, type CitizenCredentials } from '../conversations/conversation-access.ts';
import { assertConversationTransition } from '../conversations/conversation-status.ts';
import { dangerOf, type FlowState } from '../conversations/engine/index.ts';
import { loadFlowState } from '../conversations/load-flow-state.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { findPlatformUnit } from '../units/unit.repo.ts';
import { assignQueued } from './assign-next.ts';
import { markWaiting } from './livechat.repo.ts';

/**
 * The citizen asks for an officer outside a turn: the conversation goes from open to waiting_agent (see
 * `joinQueue`), then the automatic assignment runs. The message path does the same inside the citizen's
 * turn (`conversations/post-citizen-message.ts`: the option talk_to_officer, or the wish written in words).
 */
export async function requestOfficer(
  deps: AppDeps,
  credentials: CitizenCredentials,
): Promise<{ status: 'waiting_agent'; waitingSince: string }> {
  const queued = await deps.db.transaction().execute(async (tx) => {
    const { row, dataKey } = await authorizeCitizen(deps, tx, credentials, { forUpdate: true });
    assertConversationTransition(row.status, 'waiting_agent');
    return joinQueue(deps, tx, row.id, (await loadFlowState(tx, dataKey, row)).state);
  });
  // The cached copy says open; its next write would be refused by the database anyway.
  deps.turnCache.forget(credentials.conversationId);
  await assignQueued(deps);
  return { status: 'waiting_agent', waitingSince: queued.toISOString() };
}

/**
 * Puts an open conversation in line, inside the caller's transaction (which holds its row lock): from
 * open to waiting_agent, with the bot's pre-qualification copied in clear for the queue (danger: the
 * flow's emergency flag or a danger indicator meaning danger now; the indicators themselves, categories
 * only; the commune's INSEE code) and nothing of its content, audited. The caller runs
 * the automatic assignment (`assignQueued`) once it has committed. Returns when it started waiting.
 */
export async function joinQueue(
  deps: Pick<AppDeps, 'now'>,
  tx: Executor,
  conversationId: string,
  state: FlowState,
): Promise<Date> {
  const { danger, dangerFlags } = dangerOf(state);
  const marked = await markWaiting(tx, conversationId, {
    now: deps.now(),
    danger,
    dangerFlags,
    communeInsee: communeOf(state),
  });
  if (!marked?.waiting_since) throw new AppError('conversation_closed');
  await recordAudit(tx, {
    actorKind: 'citizen',
    action: 'chat.requested',
    objectType: 'conversation',
    objectId: conversationId,
    detail: { danger, ...(dangerFlags.length > 0 && { dangerFlags: dangerFlags.join(',') }) },
    unitIds: [(await findPlatformUnit(tx))?.id],
  });
  return new Date(marked.waiting_since);
}

export interface QueueDanger {
  danger: boolean;
  dangerFlags: string[];
}

/**
 * The queue's danger after a turn of a conversation already in line or with an officer, when the turn
 * changed it (a strangulation told while waiting puts the person first); null when it did not.
 */
export function changedQueueDanger(before: FlowState, after: FlowState): QueueDanger | null {
  const was = dangerOf(before);
  const now = dangerOf(after);
  const same = was.danger === now.danger && was.dangerFlags.join(',') === now.dangerFlags.join(',');
  return same ? null : now;
}

/** The commune the bot understood, as `summarizeForReport` picks it. */
function communeOf(state: FlowState): string | null {
  const communes = state.facts.filter((fact) => fact.type === 'commune');
  return (communes.find((fact) => fact.slot === 'commune') ?? communes[0])?.value ?? null;
}
