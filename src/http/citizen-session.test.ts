import assert from 'node:assert/strict';
import { test } from 'node:test';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import {
  clearCitizenSession,
  formatSessionValue,
  parseSessionValue,
  readCitizenSession,
  SESSION_COOKIE,
  setCitizenSession,
} from './citizen-session.ts';

const session = { conversationId: '0b6f7c1e-3f43-4a55-9d4b-5e2f4c8a9b10', token: 'AbC-_x9' };

test('the cookie value round-trips and malformed values are rejected', () => {
  assert.equal(formatSessionValue(session), `${session.conversationId}.${session.token}`);
  assert.deepEqual(parseSessionValue(formatSessionValue(session)), session);
  for (const bad of [
    undefined,
    '',
    '.token',
    'id.',
    'id',
    'id.to ken',
    'id.<script>',
    `${'a'.repeat(201)}.x`,
  ]) {
    assert.equal(parseSessionValue(bad), null, String(bad));
  }
});

test('the session cookie is HttpOnly, SameSite=Strict, Path=/, without expiry, Secure only on HTTPS', async () => {
  const app = Fastify();
  await app.register(cookie);
  app.get('/set', async (request, reply) => {
    setCitizenSession(reply, session, request.query !== null && 'secure' in (request.query as object));
    return 'ok';
  });
  app.get('/read', async (request) => readCitizenSession(request) ?? 'aucune');
  app.get('/clear', async (_request, reply) => {
    clearCitizenSession(reply, false);
    return 'ok';
  });

  const plain = String((await app.inject('/set')).headers['set-cookie']);
  assert.equal(plain, `${SESSION_COOKIE}=${formatSessionValue(session)}; Path=/; HttpOnly; SameSite=Strict`);
  assert.doesNotMatch(plain, /Expires|Max-Age|Secure/);
  const secure = String((await app.inject('/set?secure')).headers['set-cookie']);
  assert.match(secure, /; Secure/);

  const read = await app.inject({ url: '/read', cookies: { [SESSION_COOKIE]: formatSessionValue(session) } });
  assert.deepEqual(read.json(), session);
  const cleared = String((await app.inject('/clear')).headers['set-cookie']);
  assert.match(cleared, /^vigie_session=; Max-Age=0|^vigie_session=;.*Expires=Thu, 01 Jan 1970/);
  await app.close();
});
