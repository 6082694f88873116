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

/**
 * The statuses of a conversation not yet transmitted in which the citizen writes turns: to the bot (open),
 * in line for an officer (waiting_agent: the bot goes on asking and extracting) or to the officer
 * (with_agent: the message is stored, facts are still extracted, the bot stays quiet). `commitTurns`
 * commits a turn only in one of them; erasure, the transmit button and the options follow the same set.
 */
export const CHAT_STATUSES = [
  'open',
  'waiting_agent',
  'with_agent',
] as const satisfies readonly ConversationStatus[];

/** Open, in line or with an officer: not yet transmitted, and the citizen's turns go to the chat. */
export function isChatting(status: string): boolean {
  return (CHAT_STATUSES as readonly string[]).includes(status);
}

/** The citizen may write while the chat lasts (bot or officer), and after submission to follow up. */
export function citizenCanWrite(status: string): boolean {
  return isChatting(status) || status === 'submitted';
}
