/**
 * Caps on open event streams. Each stream holds a socket, a subscription and a database read every
 * heartbeat, so without a cap a few tokens could hold thousands of them open. Per conversation, a new
 * stream replaces the oldest beyond a handful: a phone that changed networks leaves half-open sockets
 * behind, and its newest connection is the one that matters. Per process, the total keeps a flood from
 * starving the database.
 */
export interface StreamLimits {
  /**
   * Opens a stream slot, ending the conversation's oldest stream (through its `onEvicted`) if it already
   * has the maximum; refused only when the process is full. `close` frees the slot (once, however often
   * it is called).
   */
  tryOpen(conversationId: string, onEvicted: () => void): { close(): void } | { refused: 'process' };
  /** Streams open now (for tests and monitoring). */
  openStreams(): number;
}

interface Slot {
  close(): void;
  onEvicted(): void;
}

export function createStreamLimits(limits: { perConversation: number; perProcess: number }): StreamLimits {
  const open = new Map<string, Slot[]>();
  let total = 0;
  return {
    tryOpen(conversationId, onEvicted) {
      const oldest = open.get(conversationId)?.[0];
      if (oldest && (open.get(conversationId)?.length ?? 0) >= limits.perConversation) {
        oldest.close();
        oldest.onEvicted();
      }
      if (total >= limits.perProcess) return { refused: 'process' };
      let closed = false;
      const slot: Slot = {
        close() {
          if (closed) return;
          closed = true;
          total--;
          const left = (open.get(conversationId) ?? []).filter((other) => other !== slot);
          if (left.length === 0) open.delete(conversationId);
          else open.set(conversationId, left);
        },
        onEvicted,
      };
      open.set(conversationId, [...(open.get(conversationId) ?? []), slot]);
      total++;
      return { close: slot.close };
    },
    openStreams: () => total,
  };
}
