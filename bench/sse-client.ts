/**
 * A minimal server-sent events reader over fetch, for the benches: every event is handed over with the
 * moment (performance.now) its chunk was read, before any parsing.
 */
import { performance } from 'node:perf_hooks';

export interface SseEvent {
  event: string;
  data: string;
  /** performance.now() when the chunk holding the event's end was read. */
  at: number;
}

export interface SseStream {
  /** Ends the stream from this side; `ended` then resolves without an error being reported. */
  close(): void;
  /** Resolves when the stream ends, whoever ended it. */
  ended: Promise<void>;
  /** True if the stream ended before `close()` (the server closed it, or the connection broke). */
  endedEarly: boolean;
}

/** Opens `url` as an event stream; rejects if the answer is not a 200 with a body. */
export async function openSse(
  url: string,
  headers: Record<string, string>,
  onEvent: (event: SseEvent) => void,
): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { ...headers, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) {
    throw new Error(`flux ${url} : ${response.status} ${(await response.text()).slice(0, 200)}`);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const stream: SseStream = { close: () => abort.abort(), ended: Promise.resolve(), endedEarly: false };
  stream.ended = (async () => {
    let buffer = '';
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          let event = 'message';
          let data = '';
          for (const line of frame.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trimStart();
          }
          if (data) onEvent({ event, data, at });
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) console.error(`flux ${url} interrompu :`, (error as Error).message);
    }
    if (!abort.signal.aborted) stream.endedEarly = true;
  })();
  return stream;
}
