import { timingSafeEqual } from 'node:crypto';
import type { AuthorizedConversation } from './conversation-access.ts';

/**
 * The conversations a citizen is chatting in right now, as their last committed turn left them, so that
 * the next turn can skip reading the row back. Only the message path uses it, and never as an authority:
 * the turn's commit checks again, in the database, that the token is valid, the conversation open and
 * unchanged since this copy (see commitTurns); if anything differs the entry is dropped and the turn
 * reads the row. Entries hold the conversation's data key, so they are few and short-lived, and an
 * erased conversation leaves at once.
 */
export interface TurnCache {
  /** The cached conversation if `tokenHash` opens it at `now`; otherwise nothing. */
  find(conversationId: string, tokenHash: Buffer, now: Date): AuthorizedConversation | undefined;
  remember(conversation: AuthorizedConversation, now: Date): void;
  forget(conversationId: string): void;
}

export function createTurnCache(options: { maxEntries?: number; idleMs?: number } = {}): TurnCache {
  const maxEntries = options.maxEntries ?? 2000;
  const idleMs = options.idleMs ?? 10 * 60 * 1000;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, { conversation: AuthorizedConversation; usedAt: number }>();

  return {
    find(conversationId, tokenHash, now) {
      const entry = entries.get(conversationId);
      if (!entry) return undefined;
      const { conversation } = entry;
      const stale = now.getTime() - entry.usedAt > idleMs;
      if (stale || conversation.row.token_expires_at <= now) {
        entries.delete(conversationId);
        return undefined;
      }
      const known = conversation.tokenHash;
      if (known.length !== tokenHash.length || !timingSafeEqual(known, tokenHash)) return undefined;
      return conversation;
    },
    remember(conversation, now) {
      entries.delete(conversation.row.id);
      entries.set(conversation.row.id, { conversation, usedAt: now.getTime() });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
    forget(conversationId) {
      entries.delete(conversationId);
    },
  };
}
