import { AppError } from '../errors.ts';

/**
 * The conversation lifecycle, declared in one place. While the bot collects facts it is open; asking for
 * an officer puts it in the queue (waiting_agent, `livechat/request-officer.ts`), and an operator's take
 * or the automatic assignment gives it to one operator (with_agent); an operator who leaves hands it back
 * to the queue (with_agent → waiting_agent), and a citizen who no longer waits goes back to the bot
 * (waiting_agent → open). Each of them ends with a report (submitted) or without one (closed).
 */
export const conversationTransitions = {
  open: ['waiting_agent', 'submitted', 'closed'],
  waiting_agent: ['with_agent', 'open', 'submitted', 'closed'],
  with_agent: ['waiting_agent', 'submitted', 'closed'],
  submitted: [],
  closed: [],
} as const satisfies Record<string, readonly string[]>;

export type ConversationStatus = keyof typeof conversationTransitions;

/** Throws a 409 unless the lifecycle allows `from` → `to`. */
export function assertConversationTransition(from: string, to: ConversationStatus): void {
  const allowed: readonly string[] = conversationTransitions[from as ConversationStatus] ?? [];
  if (!allowed.includes(to)) {
    throw new AppError(from === 'submitted' ? 'already_submitted' : 'conversation_closed');
  }
}

/** The citizen may write while the bot collects facts, and after submission to follow up. */
export function citizenCanWrite(status: string): boolean {
  return status === 'open' || status === 'submitted';
}
