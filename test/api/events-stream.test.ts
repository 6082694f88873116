import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let base: string;
before(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(async () => {
  await t.close();
});

interface SseEvent {
  event: string;
  id: string;
  data: { seq: number; author: string; text: string };
}

/** Opens the stream and collects parsed events until `until` is satisfied (or the timeout). */
function collect(
  url: string,
  headers: Record<string, string>,
  until: (events: SseEvent[]) => boolean,
): Promise<{ events: SseEvent[]; status: number; contentType: string }> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const request = http.get(url, { headers }, (response) => {
      let buffer = '';
      const finish = () => {
        request.destroy();
        resolve({
          events,
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type']),
        });
      };
      if (response.statusCode !== 200) return finish();
      response.on('end', finish);
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
          );
          if (fields.event && fields.data) {
            events.push({ event: fields.event, id: String(fields.id), data: JSON.parse(fields.data) });
          }
          end = buffer.indexOf('\n\n');
        }
        if (until(events)) finish();
      });
    });
    request.on('error', reject);
    setTimeout(() => {
      request.destroy();
      resolve({ events, status: -1, contentType: '' });
    }, 10_000).unref();
  });
}

async function api(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return response.json();
}

test('the event stream sends the history, then live messages, and resumes after Last-Event-ID', async () => {
  const { id, token } = await api('POST', '/api/v1/conversations', undefined, { category: 'autre' });
  const auth = { authorization: `Bearer ${token}` };

  const refused = await collect(`${base}/api/v1/conversations/${id}/events`, {}, () => true);
  assert.equal(refused.status, 401);

  const firstSeqs = (await api('GET', `/api/v1/conversations/${id}`, token)).messages.map(
    (m: { seq: number }) => m.seq,
  );
  const live = collect(`${base}/api/v1/conversations/${id}/events`, auth, (events) =>
    events.some((e) => e.data.text === 'Un message en direct'),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  await api('POST', `/api/v1/conversations/${id}/messages`, token, { text: 'Un message en direct' });
  const { events, status, contentType } = await live;
  assert.equal(status, 200);
  assert.match(contentType, /text\/event-stream/);
  const seqs = events.map((e) => e.data.seq);
  assert.deepEqual(seqs.slice(0, firstSeqs.length), firstSeqs, 'the history comes first');
  assert.deepEqual(
    seqs,
    [...seqs].sort((a, b) => a - b),
    'in order',
  );
  assert.equal(new Set(seqs).size, seqs.length, 'no duplicate');
  for (const event of events) {
    assert.equal(event.event, 'message');
    assert.equal(event.id, String(event.data.seq));
  }

  const lastSeen = seqs.at(-1) as number;
  await api('POST', `/api/v1/conversations/${id}/messages`, token, { text: 'Pendant la coupure' });
  const resumed = await collect(
    `${base}/api/v1/conversations/${id}/events`,
    { ...auth, 'last-event-id': String(lastSeen) },
    (received) => received.some((e) => e.data.text === 'Pendant la coupure'),
  );
  assert.ok(resumed.events.length > 0);
  assert.ok(
    resumed.events.every((e) => e.data.seq > lastSeen),
    'nothing repeated after Last-Event-ID',
  );
  assert.equal(resumed.events[0]?.data.seq, lastSeen + 1, 'nothing lost after Last-Event-ID');
});

test('a stream left open stops when access to the conversation ends', async () => {
  const { id, token } = await api('POST', '/api/v1/conversations', undefined, { category: 'autre' });
  await api('POST', `/api/v1/conversations/${id}/messages`, token, {
    text: 'Des tags sur la mairie de Dole',
  });
  const { receipt } = await api('POST', `/api/v1/conversations/${id}/submit`, token);
  const { eraseConversation } = await import('../../src/conversations/erase-conversation.ts');
  const stream = collect(
    `${base}/api/v1/conversations/${id}/events`,
    { authorization: `Bearer ${token}` },
    (events) => events.some((e) => e.data.text === 'Après la fermeture'),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  // Ending the session closes every access to the transmitted report; only the receipt opens it again.
  await eraseConversation(t.deps, { conversationId: id, token }, { confirmed: true });
  const reopened = await api('POST', '/api/v1/followup', undefined, { receipt });
  await api('POST', `/api/v1/conversations/${id}/messages`, reopened.token, { text: 'Après la fermeture' });
  const { events } = await stream;
  assert.ok(events.length > 0, 'the stream had sent the history');
  assert.ok(!events.some((e) => e.data.text === 'Après la fermeture'), 'nothing after the access ended');
});

test('a sixth stream on a conversation replaces the oldest, which ends', async () => {
  const started = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  const { id, token } = started.json();
  const open = () =>
    new Promise<{ status?: number; ended: Promise<void>; request: http.ClientRequest }>((resolve, reject) => {
      const request = http.get(
        `${base}/api/v1/conversations/${id}/events`,
        { headers: { authorization: `Bearer ${token}` } },
        (response) => {
          const ended = new Promise<void>((done) => response.on('end', done));
          response.resume();
          resolve({ status: response.statusCode, ended, request });
        },
      );
      request.on('error', reject);
    });
  const streams = [];
  for (let i = 0; i < 6; i++) streams.push(await open());
  assert.deepEqual(
    streams.map((s) => s.status),
    [200, 200, 200, 200, 200, 200],
  );
  await streams[0]?.ended; // had it not been ended, the test would time out here
  assert.equal(t.deps.streamLimits.openStreams(), 5);
  for (const stream of streams) stream.request.destroy();
});

test('a client gone before its stream opens leaves no stream behind', { timeout: 30_000 }, async () => {
  const started = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  const { id, token } = started.json();
  const { port } = new URL(base);
  for (let i = 0; i < 40; i++) {
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `GET /api/v1/conversations/${id}/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
        );
        setTimeout(() => socket.resetAndDestroy(), i % 5);
      });
      socket.on('close', () => resolve());
      socket.on('error', () => {});
    });
  }
  // The server learns of each reset asynchronously: wait until every stream is gone (bounded).
  for (let i = 0; i < 100 && t.deps.streamLimits.openStreams() > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(t.deps.streamLimits.openStreams(), 0);
});
