import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { startHeartbeat } from '../realtime/heartbeat.ts';
import { authorizeCitizen, type CitizenCredentials } from './conversation-access.ts';
import { listMessagesAfter } from './get-conversation.ts';
import type { MessageView } from './message-codec.ts';

export const HEARTBEAT_MS = 20_000;

function lastEventIdOf(request: FastifyRequest): number {
  const header = request.headers['last-event-id'];
  const raw = Array.isArray(header) ? header[0] : header;
  const value = Number(raw ?? (request.query as { lastEventId?: string })?.lastEventId ?? 0);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

function formatEvent(message: MessageView): string {
  return `event: message\nid: ${message.seq}\ndata: ${JSON.stringify(message)}\n\n`;
}

/**
 * Server-sent events for one conversation: first what the client missed after Last-Event-ID (read from
 * the database), then each committed message as NOTIFY announces it (and whatever a heartbeat finds). Reads are serialized so events go
 * out in seq order exactly once; a heartbeat comment keeps proxies from closing an idle stream. One client
 * network holds a bounded number of streams (429 beyond), and each ends after `streams.maxLifetimeMs`.
 */
export async function streamConversationEvents(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  credentials: CitizenCredentials,
): Promise<void> {
  const { row, dataKey } = await authorizeCitizen(deps, deps.db, credentials);
  const raw = reply.raw;
  let cleanup = () => {};
  const slot = deps.streamLimits.tryOpen(
    row.id,
    () => {
      // A newer stream of the same conversation took this one's place.
      cleanup();
      raw.end();
    },
    request.ip,
  );
  if ('refused' in slot) throw new AppError(slot.refused === 'client' ? 'too_many_streams' : 'unavailable');
  const releaseSlot = slot.close;
  // A Last-Event-ID beyond the conversation would silence the stream until the seq caught up with it.
  let sentSeq = Math.min(lastEventIdOf(request), row.last_seq);
  let pending: Promise<void> = Promise.resolve();
  let closed = false;
  let unsubscribe = () => {};
  let stopHeartbeat = () => {};
  let lifetime: NodeJS.Timeout | undefined;
  cleanup = () => {
    if (closed) return;
    closed = true;
    stopHeartbeat();
    clearTimeout(lifetime);
    unsubscribe();
    releaseSlot();
  };
  // Registered before anything else can throw or wait: whatever ends the stream frees its slot.
  raw.on('close', cleanup);
  // The client may have gone while access was being checked: its 'close' has already been emitted.
  if (raw.destroyed || raw.closed) {
    cleanup();
    return;
  }

  reply.hijack();
  try {
    raw.writeHead(200, {
      ...securityHeaders(deps.config.secureCookies),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n\n');
  } catch (error) {
    cleanup();
    throw error;
  }

  const catchUp = () => {
    pending = pending
      .then(async () => {
        if (closed) return;
        // Access can end while the stream is open (receipt noted, session erased, token expired): checked
        // again before every read, so a tab left open stops receiving the conversation.
        await authorizeCitizen(deps, deps.db, credentials);
        const messages = await listMessagesAfter(deps, { row, dataKey }, sentSeq);
        for (const message of messages) {
          if (closed || message.seq <= sentSeq) continue;
          raw.write(formatEvent(message));
          sentSeq = message.seq;
        }
      })
      .catch((error) => {
        if (!(error instanceof AppError)) request.log.warn({ err: error }, 'flux SSE interrompu');
        cleanup();
        raw.end();
      });
  };

  unsubscribe = deps.hub.subscribe(row.id, (seq) => {
    if (seq === -1 || seq > sentSeq) catchUp();
  });
  // The heartbeat also re-reads the database: an announcement lost with a crashed process only delays.
  stopHeartbeat = startHeartbeat(() => {
    raw.write(': ping\n\n');
    catchUp();
  }, HEARTBEAT_MS);
  // A stream ends after a bounded time, so that no client holds its slots forever; the browser comes back
  // after `retry` with Last-Event-ID and loses nothing. Spread over the last tenth of the lifetime, so the
  // streams opened together (a restart) do not all come back at once.
  lifetime = setTimeout(
    () => {
      // After the read in flight, if any: what it read goes out before the end.
      pending = pending.then(() => {
        cleanup();
        raw.end();
      });
    },
    deps.config.streams.maxLifetimeMs * (0.9 + Math.random() * 0.1),
  );
  catchUp();
}
