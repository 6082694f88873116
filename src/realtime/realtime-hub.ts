import pg from 'pg';

/** The one channel carrying "conversation X has a new message at seq N": ids only, never content. */
export const MESSAGES_CHANNEL = 'vigie_messages';

type Listener = (seq: number) => void;

export interface RealtimeHub {
  /** Calls `listener` with the new seq each time a message of the conversation is announced. */
  subscribe(conversationId: string, listener: Listener): () => void;
  /** Tells every process that the conversation has messages up to `seq`; call it after the commit. */
  announce(conversationId: string, seq: number): void;
  close(): Promise<void>;
}

// NOTIFY payloads must stay under 8,000 bytes; an entry ("<uuid>:<seq>,") takes at most about 48.
const MAX_PAYLOAD_LENGTH = 7000;

/**
 * The payloads sent with NOTIFY for a set of announcements: "<conversation id>:<seq>" entries joined by
 * commas, as few payloads as the size limit allows (each notification is work for every listening
 * process, and under load a batch announces dozens of conversations). Ids only, nothing to decrypt.
 */
export function messageNotifications(announcements: Iterable<[string, number]>): string[] {
  const payloads: string[] = [];
  let current = '';
  for (const [conversationId, seq] of announcements) {
    const entry = `${conversationId}:${seq}`;
    if (current && current.length + entry.length + 1 > MAX_PAYLOAD_LENGTH) {
      payloads.push(current);
      current = '';
    }
    current = current ? `${current},${entry}` : entry;
  }
  if (current) payloads.push(current);
  return payloads;
}

/** The announcements a payload carries (the inverse of `messageNotifications`). */
export function parseMessageNotification(payload: string): [string, number][] {
  return payload
    .split(',')
    .map((entry) => entry.split(':'))
    .filter(([conversationId, seq]) => conversationId && seq)
    .map(([conversationId, seq]) => [conversationId as string, Number(seq)]);
}

/**
 * Each web process LISTENs once on a dedicated connection and fans notifications out to its own SSE
 * clients. After a lost connection it reconnects and wakes every subscriber with seq -1 so that they
 * re-read the database: nothing is lost while the listener was away.
 *
 * Citizen turns are announced by their own commit statement (commitTurns: one NOTIFY per group commit,
 * delivered with the commit). Other announcements are sent after the data they point at is committed,
 * batched into one NOTIFY statement
 * while the previous one is in flight, with synchronous_commit off: PostgreSQL serializes the commits of
 * notifying transactions under one database-wide lock, so a NOTIFY inside each message's transaction
 * (waiting for its fsync) would cap the whole service at one commit at a time. A lost announcement costs
 * only latency: streams re-read the database on every heartbeat.
 */
export async function createRealtimeHub(
  connectionString: string,
  pool: pg.Pool,
  onError: (e: Error) => void,
): Promise<RealtimeHub> {
  const listeners = new Map<string, Set<Listener>>();
  const pending = new Map<string, number>();
  let flushing: Promise<void> | null = null;
  let client: pg.Client | null = null;
  let closed = false;

  const dispatch = (conversationId: string, seq: number) => {
    for (const listener of listeners.get(conversationId) ?? []) listener(seq);
  };

  let reconnecting = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, application_name: 'vigie-realtime' });
    next.on('notification', (message) => {
      for (const [conversationId, seq] of parseMessageNotification(message.payload ?? '')) {
        dispatch(conversationId, seq);
      }
    });
    next.on('error', (error) => {
      // A connection that failed while connecting is handled by connect()'s caller; this is a live one
      // lost (server restart, failover, terminated backend).
      if (client !== next) return;
      onError(error);
      client = null;
      next.end().catch(() => {});
      reconnect();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${MESSAGES_CHANNEL}`);
    } catch (error) {
      next.end().catch(() => {});
      throw error;
    }
    client = next;
  };

  /**
   * Connects again until it works (every second while the database is away), one attempt at a time,
   * then wakes every subscriber so that streams re-read what they may have missed meanwhile.
   */
  const reconnect = () => {
    if (closed || client || reconnecting) return;
    reconnecting = true;
    const attempt = async () => {
      if (closed) return;
      try {
        await connect();
        reconnecting = false;
        for (const conversationId of listeners.keys()) dispatch(conversationId, -1);
      } catch (error) {
        onError(error as Error);
        setTimeout(() => void attempt(), 1000).unref();
      }
    };
    setTimeout(() => void attempt(), 500).unref();
  };

  const flush = async () => {
    while (pending.size > 0 && !closed) {
      const payloads = messageNotifications(pending);
      pending.clear();
      try {
        await pool.query(
          `SELECT pg_notify($1, payload)
           FROM (SELECT set_config('synchronous_commit', 'off', true)) AS settings, unnest($2::text[]) AS payload`,
          [MESSAGES_CHANNEL, payloads],
        );
      } catch (error) {
        onError(error as Error);
      }
    }
    flushing = null;
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
        // Only this set: a stale call must not remove the set of streams that subscribed since.
        if (set.size === 0 && listeners.get(conversationId) === set) listeners.delete(conversationId);
      };
    },
    announce(conversationId, seq) {
      pending.set(conversationId, Math.max(pending.get(conversationId) ?? 0, seq));
      flushing ??= flush();
    },
    async close() {
      closed = true;
      listeners.clear();
      await flushing;
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
