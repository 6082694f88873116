import type { AgentPrincipal } from '../agents/agent-principal.ts';
import { AppError } from '../errors.ts';

/**
 * Only the operators take chats: they belong to the reception platform (`create-agent.ts` refuses an
 * operator of another unit), which talks with citizens before any unit holds a report. Any other
 * signed-in agent gets 403.
 */
export function assertChatOperator(agent: AgentPrincipal): void {
  if (agent.role !== 'operateur') throw new AppError('forbidden');
}
