import { AppError } from '../errors.ts';

/**
 * The conversation lifecycle, declared in one place. Part 2 adds waiting_agent and with_agent between
 * open and submitted; closed ends a conversation without a report.
 */
export const conversationTransitions = {
  open: ['submitted', 'closed'],
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
