import assert from 'node:assert/strict';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { errorCatalog } from '../../src/errors.ts';
import { registerErrorHandler } from '../../src/http/error-handler.ts';
import { securityHeaders } from '../../src/http/security-headers.ts';
import { createLogger } from '../../src/logger.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

/**
 * Every answer goes through the error catalogue, whoever produces it: the static-file plugin, Fastify's
 * router (malformed percent-encoding, over-long identifiers) or Node's HTTP parser. French, the right
 * status, the security headers, HTML on pages, no raw input echoed, no error-level log for a client's
 * mistake.
 */

const HEADER_NAMES = Object.keys(securityHeaders(false));

function assertSecurityHeaders(headers: Record<string, unknown>, what: string) {
  for (const name of HEADER_NAMES) assert.ok(headers[name], `${what}: ${name} manquant`);
}

function errorLines(log: string) {
  return log
    .split('\n')
    .filter(Boolean)
    .filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
}

describe('error paths outside the routes', { skip: needsDatabase }, () => {
  let log = '';
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const t = useTestApp({ logStream, logLevel: 'trace' });

  async function listen(): Promise<number> {
    if (!t().app.server.listening) await t().app.listen({ port: 0, host: '127.0.0.1' });
    const address = t().app.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** Sends raw bytes; resolves with what came back and whether the server closed the connection. */
  async function rawRequest(data: string): Promise<{ answer: string; closed: boolean }> {
    const port = await listen();
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('close', () => resolve({ answer, closed: true }));
      socket.on('error', () => resolve({ answer, closed: true }));
      setTimeout(() => {
        resolve({ answer, closed: false });
        socket.destroy();
      }, 3000).unref();
    });
  }

  function parseRaw(answer: string) {
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    const [statusLine = '', ...lines] = head.split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }

  test('files the static plugin refuses are a French 404 page, not a 500 with a stack trace', async () => {
    log = '';
    for (const url of [
      '/assets/.env',
      '/assets/..%2f..%2fpackage.json',
      '/assets/',
      '/dsfr/',
      '/dsfr/../package.json',
      '/assets/%00',
      '/assets/%2e%2e/%2e%2e/package.json',
    ]) {
      const response = await t().app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.match(String(response.headers['content-type']), /^text\/html/, url);
      assert.match(response.body, /Cette page n(&#39;|')existe pas/, url);
      assert.match(response.body, /vigie-urgence/, `${url}: bandeau d’urgence`);
      assert.doesNotMatch(response.body, /\bat .*\.js:\d+|Error:|FST_|Forbidden|ENOENT/, url);
      assertSecurityHeaders(response.headers, url);
    }
    // The files that exist are still served; a range or condition they cannot meet keeps its status.
    const css = await t().app.inject({ method: 'GET', url: '/assets/vigie.css' });
    assert.equal(css.statusCode, 200);
    const range = await t().app.inject({
      method: 'GET',
      url: '/assets/vigie.css',
      headers: { range: 'bytes=99999999-' },
    });
    assert.equal(range.statusCode, 416);
    assert.match(String(range.headers['content-range']), /^bytes \*\/\d+$/);
    assert.ok(range.body.includes(errorCatalog.range_not_satisfiable.message));
    assertSecurityHeaders(range.headers, '416');
    const condition = await t().app.inject({
      method: 'GET',
      url: '/assets/vigie.css',
      headers: { 'if-match': '"autre-version"' },
    });
    assert.equal(condition.statusCode, 412);
    assert.ok(condition.body.includes(errorCatalog.precondition_failed.message));
    assertSecurityHeaders(condition.headers, '412');
    assert.deepEqual(errorLines(log), []);
    assert.ok(!log.includes('"stack"'), 'aucune pile dans les journaux');
  });

  test('malformed percent-encoding is a French 400, JSON on the API and a page elsewhere', async () => {
    log = '';
    const api = await t().app.inject({ method: 'GET', url: '/api/v1/conversations/%E0%A4%A' });
    assert.equal(api.statusCode, 400);
    assert.deepEqual(api.json(), {
      error: { code: 'bad_request', message: errorCatalog.bad_request.message },
    });
    assertSecurityHeaders(api.headers, 'api');
    assert.equal(api.headers['cache-control'], 'no-store');
    for (const url of ['/themes/%ZZ', '/console/signalements/%ZZ']) {
      const page = await t().app.inject({ method: 'GET', url });
      assert.equal(page.statusCode, 400, url);
      assert.match(String(page.headers['content-type']), /^text\/html/, url);
      assert.ok(page.body.includes(errorCatalog.bad_request.message), url);
      assert.match(page.body, /vigie-urgence/, url);
      assert.ok(!page.body.includes('%ZZ'), `${url}: l’adresse n’est pas renvoyée`);
      assertSecurityHeaders(page.headers, url);
    }
    assert.deepEqual(errorLines(log), []);
    assert.ok(!log.includes('%ZZ') && !log.includes('%E0'), 'l’adresse n’est pas journalisée');
  });

  test('an over-long address is a 414, an over-long identifier an unknown address', async () => {
    log = '';
    const longUrl = await t().app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${'a'.repeat(5000)}`,
    });
    assert.equal(longUrl.statusCode, 414);
    assert.deepEqual(longUrl.json(), {
      error: { code: 'uri_too_long', message: errorCatalog.uri_too_long.message },
    });
    assertSecurityHeaders(longUrl.headers, '414 api');

    const longQuery = await t().app.inject({ method: 'GET', url: `/?q=${'b'.repeat(3000)}` });
    assert.equal(longQuery.statusCode, 414);
    assert.match(String(longQuery.headers['content-type']), /^text\/html/);
    assert.ok(longQuery.body.includes(errorCatalog.uri_too_long.message));
    assert.ok(!longQuery.body.includes('bbbbbbbbbb'));
    assertSecurityHeaders(longQuery.headers, '414 page');

    const longParam = await t().app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${'a'.repeat(300)}`,
    });
    assert.equal(longParam.statusCode, 404);
    assert.deepEqual(longParam.json(), {
      error: { code: 'not_found', message: errorCatalog.not_found.message },
    });
    assertSecurityHeaders(longParam.headers, '404 api');

    const longPageParam = await t().app.inject({
      method: 'GET',
      url: `/console/signalements/${'a'.repeat(300)}`,
    });
    assert.equal(longPageParam.statusCode, 404);
    assert.match(String(longPageParam.headers['content-type']), /^text\/html/);
    assert.match(longPageParam.body, /Cette page n(&#39;|')existe pas/);
    assertSecurityHeaders(longPageParam.headers, '404 page');
    assert.deepEqual(errorLines(log), []);
    assert.ok(!log.includes('aaaaaaaaaa'), 'l’adresse n’est pas journalisée');
  });

  test('over a real connection, router refusals carry the headers too', async () => {
    const { answer } = await rawRequest('GET /themes/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const { status, headers, body } = parseRaw(answer);
    assert.equal(status, 400);
    assertSecurityHeaders(headers, 'raw %ZZ');
    assert.ok(!body.includes('%ZZ'));
  });

  test('what Node’s HTTP parser refuses gets a French answer with the headers, and the socket is closed', async () => {
    log = '';
    const canary = 'parser-canary-7c1f';
    const cases: Array<[string, string, number, keyof typeof errorCatalog]> = [
      ['ligne de requête illisible', `${canary} NONSENSE\r\n\r\n`, 400, 'bad_request'],
      [
        'en-tête invalide',
        `GET /?${canary} HTTP/1.1\r\nHost: x\r\nBad Header: ${canary}\r\n\r\n`,
        400,
        'bad_request',
      ],
      [
        'Content-Length invalide',
        `POST /api/v1/followup HTTP/1.1\r\nHost: x\r\nContent-Length: ${canary}\r\n\r\n`,
        400,
        'bad_request',
      ],
      [
        'en-têtes trop volumineux',
        `GET /${canary} HTTP/1.1\r\nHost: x\r\nX-Big: ${canary}${'b'.repeat(20_000)}\r\n\r\n`,
        431,
        'headers_too_large',
      ],
    ];
    for (const [what, data, expectedStatus, code] of cases) {
      const { answer, closed } = await rawRequest(data);
      assert.ok(closed, `${what}: connexion fermée`);
      const { status, headers, body } = parseRaw(answer);
      assert.equal(status, expectedStatus, what);
      assertSecurityHeaders(headers, what);
      assert.equal(headers.connection, 'close', what);
      assert.equal(headers['cache-control'], 'no-store', what);
      assert.deepEqual(JSON.parse(body), { error: { code, message: errorCatalog[code].message } }, what);
      assert.ok(!answer.includes(canary), `${what}: rien de la requête n’est renvoyé`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(errorLines(log), []);
    assert.ok(!log.includes(canary), 'rien de la requête n’est journalisé');
    assert.ok(!log.includes('127.0.0.1'), 'aucune adresse n’est journalisée');
  });
});

test('an unexpected error is logged with its stack, but without the query string or the address', async () => {
  let log = '';
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const app = Fastify({ loggerInstance: createLogger('trace', logStream) as FastifyBaseLogger });
  registerErrorHandler(app);
  app.get('/api/v1/boom/:id', async () => {
    throw new Error('panne interne');
  });
  const response = await app.inject({
    method: 'GET',
    url: '/api/v1/boom/id-canary?secret=query-canary',
    headers: { 'x-forwarded-for': '198.51.100.77', 'user-agent': 'ua-canary' },
    remoteAddress: '203.0.113.9',
  });
  await app.close();
  assert.equal(response.statusCode, 500);
  assert.deepEqual(response.json(), {
    error: { code: 'internal_error', message: errorCatalog.internal_error.message },
  });
  assert.ok(!response.body.includes('panne interne'));
  const errors = errorLines(log);
  assert.equal(errors.length, 1);
  assert.match(errors[0] ?? '', /panne interne/);
  assert.match(errors[0] ?? '', /"stack"/);
  for (const needle of ['query-canary', 'id-canary', '198.51.100.77', '203.0.113.9', 'ua-canary']) {
    assert.ok(!log.includes(needle), `le journal contient ${needle}`);
  }
});
