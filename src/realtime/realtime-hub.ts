import pg from 'pg';

/** The one channel carrying "conversation X has a new message at seq N": ids only, never content. */
export const MESSAGES_CHANNEL = 'vigie_messages';

type Listener = (seq: number) => void;

export interface RealtimeHub {
  /** Calls `listener` with the new seq each time a message is committed in the conversation. */
  subscribe(conversationId: string, listener: Listener): () => void;
  close(): Promise<void>;
}

/** The payload sent with NOTIFY: short enough for the 8 kB limit, with nothing to decrypt. */
export function messageNotification(conversationId: string, seq: number): string {
  return `${conversationId}:${seq}`;
}

/**
 * Each web process LISTENs once on a dedicated connection and fans notifications out to its own SSE
 * clients. After a lost connection it reconnects and wakes every subscriber with seq -1 so that they
 * re-read the database: nothing is lost while the listener was away.
 */
export async function createRealtimeHub(
  connectionString: string,
  onError: (e: Error) => void,
): Promise<RealtimeHub> {
  const listeners = new Map<string, Set<Listener>>();
  let client: pg.Client | null = null;
  let closed = false;

  const dispatch = (conversationId: string, seq: number) => {
    for (const listener of listeners.get(conversationId) ?? []) listener(seq);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, application_name: 'vigie-realtime' });
    next.on('notification', (message) => {
      const [conversationId, seq] = (message.payload ?? '').split(':');
      if (conversationId && seq) dispatch(conversationId, Number(seq));
    });
    next.on('error', (error) => {
      onError(error);
      if (client === next) client = null;
      next.end().catch(() => {});
      if (!closed) setTimeout(() => reconnect(), 500);
    });
    await next.connect();
    await next.query(`LISTEN ${MESSAGES_CHANNEL}`);
    client = next;
  };

  const reconnect = async () => {
    if (closed || client) return;
    try {
      await connect();
      for (const conversationId of listeners.keys()) dispatch(conversationId, -1);
    } catch (error) {
      onError(error as Error);
      setTimeout(() => reconnect(), 1000);
    }
  };

  await connect();
  return {
    subscribe(conversationId, listener) {
      let set = listeners.get(conversationId);
      if (!set) {
        set = new Set();
        listeners.set(conversationId, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(conversationId);
      };
    },
    async close() {
      closed = true;
      listeners.clear();
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
