import { randomUUID } from 'node:crypto';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { type Category, canSubmit, type FlowState } from '../conversations/engine/index.ts';
import { loadFlowState } from '../conversations/load-flow-state.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { createReport } from '../reports/create-report.ts';
import { unitTopic } from '../reports/inbox-events.repo.ts';
import { authorizeChat } from './chat-access.ts';
import { applyChatFactEdits } from './chat-facts.ts';
import { announceQueueChanged } from './queue-topic.ts';

export const CLOSED_BY_OFFICER_MESSAGE =
  'Le policier a terminé la conversation et transmis votre signalement aux forces de l’ordre. Votre ' +
  'récépissé s’affiche sur cet appareil : notez-le, il est le seul moyen de suivre votre signalement et de ' +
  'répondre aux questions des enquêteurs.';

export interface ClosedChat {
  reportId: string;
  status: string;
}

/**
 * The operator ends the live part and turns the chat into a report, in the caller's transaction (the
 * chat's row locked): the report is written as if the citizen had transmitted (`createReport`; part 2a's
 * triage takes over), with the operator's corrections to the facts applied, and the citizen is told in the
 * chat. No receipt exists yet: the citizen's device derives it when it next reads the conversation
 * (`show-receipt-again.ts`), so it is never stored in a message nor seen by the officer. A chat whose
 * category the bot never learnt needs it from the operator (`category`).
 */
export async function closeChatInTransaction(
  deps: AppDeps,
  tx: Executor,
  agent: AgentPrincipal,
  input: { conversationId: string; category?: Category },
): Promise<ClosedChat & { announce: () => void }> {
  // A live chat only (`authorizeChat`): with_agent → submitted.
  const { chat, dataKey } = await authorizeChat(deps, tx, agent, input.conversationId, { forUpdate: true });
  const decoded = (await loadFlowState(tx, dataKey, chat)).state;
  const state: FlowState = { ...decoded, category: decoded.category ?? input.category ?? null };
  if (!canSubmit(state)) {
    throw new AppError(
      'nothing_to_submit',
      state.category
        ? 'Il n’y a encore rien à transmettre : la personne n’a décrit aucun fait.'
        : 'Indiquez la catégorie des faits : le robot ne l’a pas apprise.',
    );
  }
  const reportId = randomUUID();
  const now = deps.now();
  deps.turnCache.drop(chat.id, now);
  const created = await createReport(deps, tx, {
    reportId,
    conversation: chat,
    dataKey,
    state,
    receiptHash: null,
    closedBy: agent,
    systemText: CLOSED_BY_OFFICER_MESSAGE,
    now,
  });
  await applyChatFactEdits(deps, tx, {
    conversationId: chat.id,
    reportId,
    dataKey,
    facts: created.facts,
    now,
  });
  await announceQueueChanged(tx);
  await recordAudit(tx, {
    actorKind: 'agent',
    actorId: agent.id,
    action: 'chat.closed',
    objectType: 'conversation',
    objectId: chat.id,
    detail: { reportId },
    unitIds: agent.unitIds,
  });
  return {
    reportId,
    status: 'received',
    announce() {
      deps.hub.announce(chat.id, created.seq);
      if (created.event) deps.hub.announce(unitTopic(created.event.unitId), created.event.id);
    },
  };
}

/** `POST /api/v1/chats/:id/close`: the chat becomes a report held by the reception platform. */
export async function closeChat(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: { conversationId: string; category?: Category },
): Promise<ClosedChat> {
  const closed = await deps.db.transaction().execute((tx) => closeChatInTransaction(deps, tx, agent, input));
  closed.announce();
  return { reportId: closed.reportId, status: closed.status };
}
