import { createHmac, randomBytes } from 'node:crypto';
import { networkOf } from '../security/attempt-throttle.ts';

/**
 * Caps on open event streams. Each stream holds a socket, a subscription and a database read every
 * heartbeat, so without a cap a few tokens could hold thousands of them open. Per conversation, a new
 * stream replaces the oldest beyond a handful: a phone that changed networks leaves half-open sockets
 * behind, and its newest connection is the one that matters. Per client (optional), a bound on what one
 * network may hold, so that one client with many conversations cannot take the whole process. Per
 * process, the total keeps a flood from starving the database.
 */
export interface StreamLimits {
  /**
   * Opens a stream slot, ending the conversation's oldest stream (through its `onEvicted`) if it already
   * has the maximum; refused when the client (given its address) holds its maximum, or when the process
   * is full. `close` frees the slot (once, however often it is called).
   */
  tryOpen(
    conversationId: string,
    onEvicted: () => void,
    clientAddress?: string,
  ): { close(): void } | { refused: 'process' | 'client' };
  /** Streams open now (for tests and monitoring). */
  openStreams(): number;
}

/**
 * The clients' counters of one secret. A client is known by an HMAC of its network (like the attempt
 * throttles, security/attempt-throttle.ts) under a secret replaced every window; since a stream outlives
 * a window, a generation stays while streams opened under it are open, then goes with its secret.
 */
interface Generation {
  secret: Buffer;
  startedAt: number;
  open: Map<string, number>;
}

interface Slot {
  close(): void;
  onEvicted(): void;
  client: { generation: Generation; key: string } | null;
}

const CLIENT_WINDOW_MS = 15 * 60 * 1000;

export function createStreamLimits(limits: {
  perConversation: number;
  perProcess: number;
  /** Streams one client network may hold; unlimited when absent (the agents' pool caps per agent). */
  perClient?: number;
  now?: () => number;
}): StreamLimits {
  const now = limits.now ?? Date.now;
  const open = new Map<string, Slot[]>();
  let total = 0;
  let generations: Generation[] = [];

  const hmac = (generation: Generation, network: string) =>
    createHmac('sha256', generation.secret).update(network).digest('base64url');

  const currentGeneration = (): Generation => {
    const last = generations.at(-1);
    if (last && now() - last.startedAt < CLIENT_WINDOW_MS) return last;
    const fresh = { secret: randomBytes(32), startedAt: now(), open: new Map<string, number>() };
    generations = [...generations.filter((g) => g.open.size > 0), fresh];
    return fresh;
  };

  /** The client's open streams, under every secret still in use. */
  const countOf = (network: string) =>
    generations.reduce((sum, generation) => sum + (generation.open.get(hmac(generation, network)) ?? 0), 0);

  const isClient = (slot: Slot | undefined, network: string) =>
    slot?.client != null && slot.client.key === hmac(slot.client.generation, network);

  const release = (client: Slot['client']) => {
    if (!client) return;
    const { generation, key } = client;
    const left = (generation.open.get(key) ?? 0) - 1;
    if (left > 0) generation.open.set(key, left);
    else generation.open.delete(key);
    if (generation.open.size === 0 && generation !== generations.at(-1)) {
      generations = generations.filter((g) => g !== generation);
    }
  };

  return {
    tryOpen(conversationId, onEvicted, clientAddress) {
      const streams = open.get(conversationId) ?? [];
      const oldest = streams.length >= limits.perConversation ? streams[0] : undefined;
      const network = clientAddress !== undefined ? networkOf(clientAddress) : null;
      if (network !== null && limits.perClient !== undefined) {
        currentGeneration();
        // Replacing one of its own streams (the per-conversation rule below) is always allowed.
        const freed = isClient(oldest, network) ? 1 : 0;
        if (countOf(network) - freed >= limits.perClient) return { refused: 'client' };
      }
      if (oldest) {
        oldest.close();
        oldest.onEvicted();
      }
      if (total >= limits.perProcess) return { refused: 'process' };
      let client: Slot['client'] = null;
      if (network !== null && limits.perClient !== undefined) {
        const generation = currentGeneration();
        const key = hmac(generation, network);
        generation.open.set(key, (generation.open.get(key) ?? 0) + 1);
        client = { generation, key };
      }
      let closed = false;
      const slot: Slot = {
        close() {
          if (closed) return;
          closed = true;
          total--;
          release(client);
          const left = (open.get(conversationId) ?? []).filter((other) => other !== slot);
          if (left.length === 0) open.delete(conversationId);
          else open.set(conversationId, left);
        },
        onEvicted,
        client,
      };
      open.set(conversationId, [...(open.get(conversationId) ?? []), slot]);
      total++;
      return { close: slot.close };
    },
    openStreams: () => total,
  };
}
