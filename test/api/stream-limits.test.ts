import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/test-app.ts';

interface Server {
  t: TestApp;
  base: string;
}

async function listening(env: NodeJS.ProcessEnv): Promise<Server> {
  const t = await createTestApp({ env });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  return { t, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

// Three streams per client network, the default lifetime.
let capped: Server;
// One-second streams, the per-client cap by default.
let shortLived: Server;
before(async () => {
  [capped, shortLived] = await Promise.all([
    listening({ VIGIE_STREAMS_PER_ADDRESS: '3' }),
    listening({ VIGIE_STREAM_MAX_SECONDS: '1' }),
  ]);
});
after(async () => {
  await Promise.all([capped?.t.close(), shortLived?.t.close()]);
});

async function startConversation(server: Server): Promise<{ id: string; token: string }> {
  const response = await server.t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  return response.json();
}

interface OpenStream {
  status: number;
  body: Promise<string>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  request: http.ClientRequest;
}

/** Opens a stream from `localAddress` (another loopback address is another client). */
function openStream(
  server: Server,
  conversation: { id: string; token: string },
  options: { localAddress?: string; lastEventId?: number } = {},
): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${server.base}/api/v1/conversations/${conversation.id}/events`,
      {
        localAddress: options.localAddress ?? '127.0.0.1',
        headers: {
          authorization: `Bearer ${conversation.token}`,
          ...(options.lastEventId !== undefined && { 'last-event-id': String(options.lastEventId) }),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        const ended = new Promise<void>((done) => response.on('end', done));
        resolve({ status: response.statusCode ?? 0, body: ended.then(() => text), ended, request });
      },
    );
    request.on('error', reject);
  });
}

describe('streams per client', () => {
  test('one client network holds at most the cap; the next gets 429 in French, others still get theirs', async () => {
    const conversations = await Promise.all(Array.from({ length: 4 }, () => startConversation(capped)));
    const open: OpenStream[] = [];
    for (const conversation of conversations.slice(0, 3)) open.push(await openStream(capped, conversation));
    assert.deepEqual(
      open.map((s) => s.status),
      [200, 200, 200],
    );

    const fourth = conversations[3] as { id: string; token: string };
    const refused = await openStream(capped, fourth);
    assert.equal(refused.status, 429);
    const error = JSON.parse(await refused.body).error;
    assert.equal(error.code, 'too_many_streams');
    assert.match(error.message, /depuis cette connexion/);

    // Another client (another address) is not affected by this one's streams.
    const other = await openStream(capped, fourth, { localAddress: '127.0.0.2' });
    assert.equal(other.status, 200);

    // A stream that ends gives its place back.
    open[0]?.request.destroy();
    for (let i = 0; i < 100 && capped.t.deps.streamLimits.openStreams() > 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const again = await openStream(capped, fourth);
    assert.equal(again.status, 200);
    for (const stream of [...open, other, again]) stream.request.destroy();
  });
});

describe('stream lifetime', () => {
  test('the server ends a stream after its lifetime; reconnecting with Last-Event-ID loses nothing', async () => {
    const conversation = await startConversation(shortLived);
    const say = (text: string) =>
      shortLived.t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers: { authorization: `Bearer ${conversation.token}` },
        payload: { text },
      });
    const seqs: number[] = [];
    let lastEventId: number | undefined;
    let endings = 0;
    const started = Date.now();
    for (let round = 0; round < 3; round++) {
      const stream = await openStream(shortLived, conversation, { lastEventId });
      assert.equal(stream.status, 200);
      // A message while the stream is open, and its end by the server (not by us).
      await say(`Message de la tranche ${round}`);
      const body = await stream.body;
      endings++;
      for (const match of body.matchAll(/^id: (\d+)$/gm)) seqs.push(Number(match[1]));
      lastEventId = seqs.at(-1);
      // Between two streams, as when the browser waits `retry` before coming back.
      await say(`Pendant la reconnexion ${round}`);
    }
    assert.equal(endings, 3);
    assert.ok(Date.now() - started < 10_000, 'each stream ended after about a second');
    const final = await openStream(shortLived, conversation, { lastEventId });
    const body = await final.body;
    for (const match of body.matchAll(/^id: (\d+)$/gm)) seqs.push(Number(match[1]));

    const lastSeq = (
      await shortLived.t.app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversation.id}`,
        headers: { authorization: `Bearer ${conversation.token}` },
      })
    )
      .json()
      .messages.at(-1).seq;
    assert.deepEqual(
      seqs,
      Array.from({ length: lastSeq }, (_, i) => i + 1),
      'every message once, in order, across the reconnections',
    );
    assert.equal(shortLived.t.deps.streamLimits.openStreams(), 0, 'ended streams freed their slots');
  });
});
