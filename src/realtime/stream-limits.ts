/**
 * Caps on open event streams. Each stream holds a socket, a subscription and a database read every
 * heartbeat, so without a cap a few tokens could hold thousands of them open. Per conversation, a handful
 * covers a citizen's tabs and devices; per process, the total keeps a flood from starving the database.
 */
export interface StreamLimits {
  /** Opens a stream slot, or says which cap refuses it. Call `close` exactly once when the stream ends. */
  tryOpen(conversationId: string): { close(): void } | { refused: 'conversation' | 'process' };
}

export function createStreamLimits(limits: { perConversation: number; perProcess: number }): StreamLimits {
  const open = new Map<string, number>();
  let total = 0;
  return {
    tryOpen(conversationId) {
      const current = open.get(conversationId) ?? 0;
      if (current >= limits.perConversation) return { refused: 'conversation' };
      if (total >= limits.perProcess) return { refused: 'process' };
      open.set(conversationId, current + 1);
      total++;
      let closed = false;
      return {
        close() {
          if (closed) return;
          closed = true;
          total--;
          const left = (open.get(conversationId) ?? 1) - 1;
          if (left <= 0) open.delete(conversationId);
          else open.set(conversationId, left);
        },
      };
    },
  };
}
