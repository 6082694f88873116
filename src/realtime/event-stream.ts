import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { startHeartbeat } from './heartbeat.ts';
import type { RealtimeHub } from './realtime-hub.ts';
import type { StreamLimits } from './stream-limits.ts';

export const AGENT_HEARTBEAT_MS = 20_000;

export interface EventStreamOptions {
  hub: RealtimeHub;
  limits: StreamLimits;
  /** The key streams are capped by (an agent: a handful of tabs). */
  limitKey: string;
  secure: boolean;
  /** Topics whose announcements wake the stream. */
  topics: string[];
  /**
   * Reads what is new and writes it with `send`; runs once at the start, on each announcement and on
   * each heartbeat, never twice at once. Throwing an AppError ends the stream (session ended, access lost).
   */
  poll(send: (event: string, id: number | null, data: unknown) => void): Promise<void>;
}

/**
 * A server-sent event stream driven by the real-time hub: one read at a time, woken by announcements
 * of its topics and by a heartbeat that also re-reads (a lost announcement only delays), ended cleanly
 * however the client goes. The data it sends is read from the database, so a reconnection with
 * Last-Event-ID resumes without loss or repetition.
 */
export async function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  options: EventStreamOptions,
): Promise<void> {
  const raw = reply.raw;
  let cleanup = () => {};
  const slot = options.limits.tryOpen(options.limitKey, () => {
    cleanup();
    raw.end();
  });
  if ('refused' in slot) throw new AppError('unavailable');
  let closed = false;
  let stopHeartbeat = () => {};
  const unsubscribers: (() => void)[] = [];
  cleanup = () => {
    if (closed) return;
    closed = true;
    stopHeartbeat();
    for (const unsubscribe of unsubscribers) unsubscribe();
    slot.close();
  };
  raw.on('close', cleanup);
  if (raw.destroyed || raw.closed) {
    cleanup();
    return;
  }
  reply.hijack();
  raw.writeHead(200, {
    ...securityHeaders(options.secure),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write('retry: 2000\n\n');
  const send = (event: string, id: number | null, data: unknown) => {
    if (closed) return;
    raw.write(`event: ${event}\n${id !== null ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  };
  let pending: Promise<void> = Promise.resolve();
  const wake = () => {
    pending = pending
      .then(() => (closed ? undefined : options.poll(send)))
      .catch((error) => {
        if (error instanceof AppError) send('end', null, { code: error.code, message: error.message });
        else request.log.warn({ err: error }, 'flux SSE agent interrompu');
        cleanup();
        raw.end();
      });
  };
  for (const topic of options.topics) unsubscribers.push(options.hub.subscribe(topic, wake));
  stopHeartbeat = startHeartbeat(() => {
    raw.write(': ping\n\n');
    wake();
  }, AGENT_HEARTBEAT_MS);
  wake();
}

/** The Last-Event-ID a reconnecting client sends (header, or `lastEventId` in the query), or null. */
export function lastEventIdOf(request: FastifyRequest): number | null {
  const header = request.headers['last-event-id'];
  const raw = Array.isArray(header) ? header[0] : header;
  const value = Number(raw ?? (request.query as { lastEventId?: string })?.lastEventId ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? value : null;
}
