import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { appendAgentMessage } from '../conversations/append-agent-message.ts';
import type { MessageView } from '../conversations/message-codec.ts';
import { AppError } from '../errors.ts';
import { lockConversation } from './agent-report.repo.ts';
import { authorizeReport } from './report-access.ts';
import { isOpenStatus } from './report-status.ts';

export const MAX_QUESTION_LENGTH = 2000;

/**
 * A question from the unit to the reporter: it joins the conversation as an officer's message (never
 * with the officer's name), which the reporter sees behind their receipt in the follow-up space, live
 * when it is open. Audited without its text.
 */
export async function askReporter(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: { reportId: string; text: string },
): Promise<{ message: MessageView }> {
  const text = input.text.trim();
  if (!text) throw new AppError('invalid_input', 'La question est vide.');
  if (text.length > MAX_QUESTION_LENGTH) {
    throw new AppError(
      'invalid_input',
      `La question est trop longue (${MAX_QUESTION_LENGTH} caractères au plus).`,
    );
  }
  const result = await deps.db.transaction().execute(async (tx) => {
    const { report, dataKey } = await authorizeReport(deps, tx, agent, input.reportId);
    if (!isOpenStatus(report.status)) {
      throw new AppError(
        'transition_refused',
        'Ce signalement est clos : on ne peut plus poser de question.',
      );
    }
    const conversation = await lockConversation(tx, report.conversation_id);
    const written = await appendAgentMessage(
      tx,
      dataKey,
      conversation,
      { agentId: agent.id, text },
      deps.now(),
    );
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'report.question_sent',
      objectType: 'report',
      objectId: report.id,
      unitIds: [report.unit_id],
    });
    return { conversationId: conversation.id, seq: written.seq, message: written.view };
  });
  deps.hub.announce(result.conversationId, result.seq);
  return { message: result.message };
}
