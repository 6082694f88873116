import type { AgentPrincipal } from '../agents/agent-principal.ts';
import { SESSION_IDLE_MS } from '../agents/sign-in.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { appendAgentMessage } from '../conversations/append-agent-message.ts';
import type { Category } from '../conversations/engine/index.ts';
import { AppError } from '../errors.ts';
import { announceInboxEvents, transitionReportInTransaction } from '../reports/transition-report.ts';
import { findUnitByCode } from '../units/unit.repo.ts';
import { authorizeChat } from './chat-access.ts';
import { appendSystemMessages, CHAT_NOTICES } from './chat-notices.ts';
import { readChatSettings } from './chat-settings.ts';
import { closeChatInTransaction } from './close-chat.ts';
import { countAssigned, findAvailableOperator, lockPresence, reassignChat } from './livechat.repo.ts';
import { announceQueueChanged } from './queue-topic.ts';

export type TransferInput =
  | { conversationId: string; agent: string; reason?: string }
  | { conversationId: string; unit: string; reason: string; category?: Category };

export const MAX_TRANSFER_REASON = 2000;

/**
 * Hands a chat to someone else.
 *
 * - To another operator (`agent`, their username): they must be signed in, present (online or away) and
 *   under the administrator's cap; the chat moves in one conditional UPDATE (only if it is still this
 *   operator's), with an internal note for the new operator (who from, why) that the citizen never sees.
 *   The citizen's conversation goes on without a break.
 * - To a unit (`unit`, its code, e.g. CROS25, with a reason): units do not chat; they receive
 *   intelligence. The chat is closed into a report (`closeChatInTransaction`: the citizen gets their
 *   receipt) and the report is transmitted to that unit with the reason, in the same transaction, exactly
 *   as a transmission from the fiche.
 */
export async function transferChat(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: TransferInput,
): Promise<{ conversationId: string; agent?: string; reportId?: string; status?: string }> {
  const reason = input.reason?.trim() ?? '';
  if (reason.length > MAX_TRANSFER_REASON) {
    throw new AppError(
      'invalid_input',
      `La raison est trop longue (${MAX_TRANSFER_REASON} caractères au plus).`,
    );
  }
  if ('unit' in input) return transferToUnit(deps, agent, { ...input, reason });
  return transferToOperator(deps, agent, { ...input, reason });
}

async function transferToOperator(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: { conversationId: string; agent: string; reason: string },
) {
  const result = await deps.db.transaction().execute(async (tx) => {
    const { chat, dataKey } = await authorizeChat(deps, tx, agent, input.conversationId, { forUpdate: true });
    const now = deps.now();
    const target = await findAvailableOperator(
      tx,
      input.agent.trim().toLowerCase(),
      now,
      new Date(now.getTime() - SESSION_IDLE_MS),
    );
    if (!target || target.id === agent.id || target.status === 'offline' || !target.status) {
      throw new AppError('operator_unavailable');
    }
    // Locked as the automatic assignment locks it: a transfer and an assignment to the same operator at
    // once are counted one after the other, never both under the cap.
    await lockPresence(tx, target.id);
    const { maxChatsPerOperator } = await readChatSettings(tx);
    if ((await countAssigned(tx, target.id)) >= maxChatsPerOperator)
      throw new AppError('operator_unavailable');
    if (!(await reassignChat(tx, chat.id, agent.id, target.id))) throw new AppError('not_found');
    const note = `Conversation transférée par ${agent.username} à ${target.username}${input.reason ? ` : ${input.reason}` : '.'}`;
    // The citizen is told someone else answers now (no name); the new operator reads who and why.
    const told = await appendSystemMessages(
      tx,
      deps.keys,
      chat.id,
      [{ text: CHAT_NOTICES.transferred, internal: false }],
      now,
    );
    const written = await appendAgentMessage(
      tx,
      dataKey,
      { ...chat, last_seq: told ?? chat.last_seq },
      { agentId: agent.id, text: note, internal: true },
      now,
    );
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'chat.transferred',
      objectType: 'conversation',
      objectId: chat.id,
      detail: { toAgentId: target.id, reasoned: input.reason.length > 0 },
      unitIds: agent.unitIds,
    });
    await announceQueueChanged(tx);
    return { seq: written.seq, username: target.username };
  });
  deps.hub.announce(input.conversationId, result.seq);
  return { conversationId: input.conversationId, agent: result.username };
}

async function transferToUnit(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: { conversationId: string; unit: string; reason: string; category?: Category },
) {
  if (!input.reason) throw new AppError('invalid_input', 'Indiquez la raison du transfert à l’unité.');
  const outcome = await deps.db.transaction().execute(async (tx) => {
    const unit = await findUnitByCode(tx, input.unit.trim().toUpperCase());
    if (!unit || unit.kind === 'plateforme') {
      throw new AppError('invalid_input', `Unité destinataire invalide : ${input.unit}.`);
    }
    const closed = await closeChatInTransaction(deps, tx, agent, input);
    const transmitted = await transitionReportInTransaction(deps, tx, agent, {
      reportId: closed.reportId,
      to: 'transmitted',
      unit: unit.code,
      reason: input.reason,
    });
    await announceQueueChanged(tx);
    return { closed, transmitted };
  });
  outcome.closed.announce();
  announceInboxEvents(deps, outcome.transmitted.events);
  return {
    conversationId: input.conversationId,
    reportId: outcome.closed.reportId,
    status: outcome.transmitted.status,
  };
}
