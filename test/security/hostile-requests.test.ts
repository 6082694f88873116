import assert from 'node:assert/strict';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const CANARY_UA = 'CanaryBrowser/9 (hostile-ua-canary)';
const CANARY_IP = '198.51.100.213';
let t: TestApp;
let log = '';
let port = 0;

before(async () => {
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  // The most verbose level a deployment may set: nothing identifying may appear even there.
  t = await createTestApp({ logStream, logLevel: 'trace' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
after(async () => {
  await t.close();
});

function rawRequest(lines: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(lines));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    setTimeout(() => socket.destroy(), 2000).unref();
  });
}

async function start() {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  return response.json() as { id: string; token: string };
}

test('malformed HTTP and bad requests leave no address or User-Agent in the logs, even at trace level', async () => {
  await rawRequest(
    `POST /api/v1/followup HTTP/1.1\r\nHost: x\r\nUser-Agent: ${CANARY_UA}\r\nX-Forwarded-For: ${CANARY_IP}\r\n` +
      'Content-Length: abc\r\n\r\n',
  );
  await fetch(`http://127.0.0.1:${port}/api/v1/followup`, {
    method: 'POST',
    headers: { 'user-agent': CANARY_UA, 'x-forwarded-for': CANARY_IP, 'content-type': 'application/json' },
    body: '{"receipt": ',
  });
  await fetch(`http://127.0.0.1:${port}/nulle-part`, { headers: { 'user-agent': CANARY_UA } });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(log.length > 0, 'the logger wrote something');
  const asBytes = (text: string) => [...Buffer.from(text)].join(',');
  for (const needle of [CANARY_UA, 'hostile-ua-canary', CANARY_IP, asBytes('hostile-ua-canary')]) {
    assert.ok(!log.includes(needle), `log contains ${needle}`);
  }
});

test('a malformed or truncated multipart upload is a 400, not a 500', async () => {
  const { id, token } = await start();
  const url = `/api/v1/conversations/${id}/attachments`;
  const noBoundary = await t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data' },
    payload: 'rien',
  });
  assert.equal(noBoundary.statusCode, 400, noBoundary.body);
  const truncated = await t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=xyz' },
    payload:
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff',
  });
  assert.equal(truncated.statusCode, 400, truncated.body);
  assert.equal(truncated.json().error.code, 'bad_request');
});

test('the session cookie does not authenticate a request another site makes', async () => {
  const started = await t.app.inject({
    method: 'POST',
    url: '/signaler',
    payload: 'category=stupefiants',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const cookie = /vigie_session=([^;]*)/.exec(String(started.headers['set-cookie']))?.[1] as string;
  const id = cookie.slice(0, cookie.indexOf('.'));
  const post = (site: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      headers: { 'sec-fetch-site': site },
      cookies: { vigie_session: cookie },
      payload: { text: 'Un message' },
    });
  assert.equal((await post('cross-site')).statusCode, 403);
  assert.equal((await post('same-site')).statusCode, 403);
  assert.equal((await post('same-origin')).statusCode, 201);
});

test('text that could not be stored as written is refused', async () => {
  const { id, token } = await start();
  for (const text of ['avant \ud800 après', 'nul\u0000caractère', 'échap\u001b[31m']) {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      headers: { authorization: `Bearer ${token}` },
      payload: { text },
    });
    assert.equal(response.statusCode, 400, JSON.stringify(text));
  }
  const big = await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${id}/messages`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ text: 'x'.repeat(100_000) }),
  });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().error.code, 'payload_too_large');
});
