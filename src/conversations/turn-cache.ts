import { timingSafeEqual } from 'node:crypto';
import type { AuthorizedConversation } from './conversation-access.ts';

/**
 * The conversations a citizen is chatting in right now, as their last committed turn left them, so that
 * the next turn can skip reading the row back. Only the message path uses it, and never as an authority:
 * the turn's commit checks again, in the database, that the token is valid, the conversation open and
 * unchanged since this copy (see commitTurns); if anything differs the entry is dropped and the turn
 * reads the row. Entries hold the conversation's data key and decrypted state, so they are few and
 * short-lived: `sweep` (every minute, from server.ts) removes those idle for 5 minutes or whose token has
 * expired, and a conversation erased or transmitted through this process is dropped at once and cannot
 * come back (a turn finishing meanwhile is not remembered). The engine never mutates the state it is
 * given (engine.test.ts checks it on a frozen state), so the cached object can be handed to it.
 */
export interface TurnCache {
  /** The cached conversation if `tokenHash` opens it at `now`; otherwise nothing. */
  find(conversationId: string, tokenHash: Buffer, now: Date): AuthorizedConversation | undefined;
  /** Keeps the conversation as its turn just committed it, unless it was dropped a moment ago. */
  remember(conversation: AuthorizedConversation, now: Date): void;
  /** Forgets the conversation (its copy is stale); the next turn reads it. */
  forget(conversationId: string): void;
  /** Forgets it for good: erased or transmitted, it must not come back from a turn still in flight. */
  drop(conversationId: string, now: Date): void;
  /** Removes idle entries and those whose token has expired. */
  sweep(now: Date): void;
}

export const TURN_CACHE_IDLE_MS = 5 * 60 * 1000;

export function createTurnCache(options: { maxEntries?: number; idleMs?: number } = {}): TurnCache {
  const maxEntries = options.maxEntries ?? 2000;
  const idleMs = options.idleMs ?? TURN_CACHE_IDLE_MS;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, { conversation: AuthorizedConversation; usedAt: number }>();
  const dropped = new Map<string, number>();

  const isLive = (entry: { conversation: AuthorizedConversation; usedAt: number }, now: Date) =>
    now.getTime() - entry.usedAt <= idleMs && entry.conversation.row.token_expires_at > now;

  return {
    find(conversationId, tokenHash, now) {
      const entry = entries.get(conversationId);
      if (!entry) return undefined;
      if (!isLive(entry, now)) {
        entries.delete(conversationId);
        return undefined;
      }
      const known = entry.conversation.tokenHash;
      if (known.length !== tokenHash.length || !timingSafeEqual(known, tokenHash)) return undefined;
      return entry.conversation;
    },
    remember(conversation, now) {
      const id = conversation.row.id;
      const droppedAt = dropped.get(id);
      if (droppedAt !== undefined && now.getTime() - droppedAt <= idleMs) return;
      entries.delete(id);
      entries.set(id, { conversation, usedAt: now.getTime() });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
    forget(conversationId) {
      entries.delete(conversationId);
    },
    drop(conversationId, now) {
      entries.delete(conversationId);
      dropped.set(conversationId, now.getTime());
    },
    sweep(now) {
      // Expiry dates differ from entry to entry: look at them all (a few thousand at most).
      for (const [id, entry] of entries) if (!isLive(entry, now)) entries.delete(id);
      for (const [id, droppedAt] of dropped) if (now.getTime() - droppedAt > idleMs) dropped.delete(id);
    },
  };
}
