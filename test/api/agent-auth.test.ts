import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createAgent } from '../../src/agents/create-agent.ts';
import { disableAgent } from '../../src/agents/disable-agent.ts';
import { currentTotp } from '../../src/agents/totp.ts';
import { buildApp } from '../../src/app.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

const MINUTE = 60_000;

interface TestAgent {
  username: string;
  password: string;
  secret: string;
}

describe('agent sign-in, sessions and write protection', { skip: needsDatabase }, () => {
  const t = useTestApp();

  // The app's clock, moved by hand: TOTP codes and session limits depend on it. Each test starts at a
  // clock of its own and uses accounts of its own, since a TOTP step is accepted once per account.
  let clock = new Date('2031-03-03T08:00:07Z');
  const setClock = (date: Date) => {
    clock = date;
    t().setNow(date);
  };
  const advance = (ms: number) => setClock(new Date(clock.getTime() + ms));
  let accounts = 0;

  async function newAgent(role = 'analyste', unitCodes = ['CROS25']): Promise<TestAgent> {
    const username = `agent-${++accounts}-${randomBytes(3).toString('hex')}`;
    const password = `Sel-de-Salins-${randomBytes(4).toString('hex')}`;
    const created = await createAgent(t().deps, { username, role, unitCodes, password });
    return { username, password, secret: created.totpSecret };
  }

  function login(
    agent: TestAgent,
    overrides: Partial<{ username: string; password: string; totp: string }> = {},
    options: { app?: FastifyInstance; headers?: Record<string, string> } = {},
  ) {
    return (options.app ?? t().app).inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: options.headers,
      payload: {
        username: agent.username,
        password: agent.password,
        totp: currentTotp(agent.secret, clock),
        ...overrides,
      },
    });
  }

  const consoleCookie = (response: { cookies: Array<{ name: string; value: string }> }) =>
    response.cookies.find((c) => c.name === 'vigie_console')?.value;

  async function signedIn(agent: TestAgent): Promise<string> {
    const response = await login(agent);
    assert.equal(response.statusCode, 200, response.body);
    const cookie = consoleCookie(response);
    assert.ok(cookie);
    return cookie;
  }

  const me = (cookie: string, cookieName = 'vigie_console') =>
    t().app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { [cookieName]: cookie } });

  /** A 6-digit code that none of the three steps the server accepts at `clock` would produce. */
  function wrongCode(agent: TestAgent): string {
    const valid = [-30_000, 0, 30_000].map((d) => currentTotp(agent.secret, new Date(clock.getTime() + d)));
    for (let n = 0; ; n++) {
      const code = String(n).padStart(6, '0');
      if (!valid.includes(code)) return code;
    }
  }

  test('sign-in answers the agent and sets the console cookie, HttpOnly and SameSite=Strict', async () => {
    setClock(new Date('2031-03-03T08:00:07Z'));
    const agent = await newAgent();
    const response = await login(agent);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      agent: { username: agent.username, role: 'analyste', units: ['CROS25'] },
    });
    const cookie = response.cookies.find((c) => c.name === 'vigie_console');
    assert.ok(cookie?.value && cookie.value.length >= 20);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');
    // Never the citizen's cookie: the two sessions cannot be mistaken for one another.
    assert.equal(
      response.cookies.some((c) => c.name === 'vigie_session'),
      false,
    );
    assert.doesNotMatch(response.body, new RegExp(`${agent.password}|${cookie.value}`));

    const who = await me(cookie.value);
    assert.equal(who.statusCode, 200, who.body);
    assert.deepEqual(who.json(), response.json());
    // The same token under the citizen cookie's name opens nothing on the console.
    const asCitizen = await me(cookie.value, 'vigie_session');
    assert.equal(asCitizen.statusCode, 401);
    assert.equal(asCitizen.json().error.code, 'not_signed_in');
    assert.equal((await t().app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401);
  });

  test('unknown user, wrong password, wrong code and disabled account get the same 401', async () => {
    setClock(new Date('2031-03-04T08:00:07Z'));
    const agent = await newAgent();
    const disabled = await newAgent();
    await disableAgent(t().deps, { username: disabled.username });
    const responses = [
      await login(agent, { username: `inconnu-${randomBytes(3).toString('hex')}` }),
      await login(agent, { password: `${agent.password}x` }),
      await login(agent, { totp: wrongCode(agent) }),
      await login(disabled),
    ];
    const bodies = responses.map((r) => r.body);
    for (const response of responses) {
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().error.code, 'invalid_credentials');
      assert.equal(consoleCookie(response), undefined);
    }
    assert.equal(new Set(bodies).size, 1, `identical bodies: ${bodies.join(' | ')}`);
    // Nothing of the failures used the right code up: it still works.
    assert.equal((await login(agent)).statusCode, 200);
  });

  test('a TOTP code is accepted once, and never an older one', async () => {
    setClock(new Date('2031-03-05T08:00:07Z'));
    const agent = await newAgent();
    assert.equal((await login(agent)).statusCode, 200);
    const replay = await login(agent);
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().error.code, 'invalid_credentials');
    const older = await login(agent, { totp: currentTotp(agent.secret, new Date(clock.getTime() - 30_000)) });
    assert.equal(older.statusCode, 401);
    advance(30_000);
    assert.equal((await login(agent)).statusCode, 200);
  });

  test('a replayed code is refused by another process on the same database too', async () => {
    setClock(new Date('2031-03-06T08:00:07Z'));
    // A second app on the same deps stands for another process: it shares nothing with the first in
    // memory that sign-in relies on; the replay check is the account's row in the database.
    const other = await buildApp(t().deps);
    try {
      const agent = await newAgent();
      assert.equal((await login(agent)).statusCode, 200);
      assert.equal((await login(agent, {}, { app: other })).statusCode, 401);
      advance(30_000);
      assert.equal((await login(agent, {}, { app: other })).statusCode, 200);
      assert.equal((await login(agent)).statusCode, 401);
    } finally {
      await other.close();
    }
  });

  test('five failures lock that account for a minute, and only that one', async () => {
    setClock(new Date('2031-03-07T08:00:07Z'));
    const a = await newAgent();
    const b = await newAgent();
    for (let i = 0; i < 5; i++) {
      const failure = await login(a, { password: `mauvais-mot-de-passe-${i}` });
      assert.equal(failure.statusCode, 401);
    }
    const locked = await login(a);
    assert.equal(locked.statusCode, 429, locked.body);
    assert.equal(locked.json().error.code, 'too_many_requests');
    assert.equal(consoleCookie(locked), undefined);
    assert.equal((await login(b)).statusCode, 200, 'another account still signs in');
    advance(61_000);
    const again = await login(a);
    assert.equal(again.statusCode, 200, again.body);
  });

  test('parallel attempts get no more than five tries either', async () => {
    setClock(new Date('2031-03-07T09:00:07Z'));
    const agent = await newAgent();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(agent, { password: `mauvais-mot-de-passe-${i}` })),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(7).fill(429)]);
    assert.equal((await login(agent)).statusCode, 429);
  });

  test('a session ends after 15 minutes without activity; each request restarts that clock', async () => {
    setClock(new Date('2031-03-08T08:00:07Z'));
    const cookie = await signedIn(await newAgent());
    advance(14 * MINUTE);
    assert.equal((await me(cookie)).statusCode, 200);
    // 28 minutes after sign-in, 14 after the last request: the request above touched the session.
    advance(14 * MINUTE);
    assert.equal((await me(cookie)).statusCode, 200);
    advance(16 * MINUTE);
    const expired = await me(cookie);
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().error.code, 'not_signed_in');
  });

  test('a session ends after 12 hours even with activity every 10 minutes', async () => {
    setClock(new Date('2031-03-09T08:00:07Z'));
    const cookie = await signedIn(await newAgent());
    for (let elapsed = 10; elapsed < 12 * 60; elapsed += 10) {
      advance(10 * MINUTE);
      assert.equal((await me(cookie)).statusCode, 200, `${elapsed} minutes after sign-in`);
    }
    advance(10 * MINUTE);
    const expired = await me(cookie);
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().error.code, 'not_signed_in');
  });

  test('logout ends the session on the server: the old cookie no longer opens anything', async () => {
    setClock(new Date('2031-03-10T08:00:07Z'));
    const cookie = await signedIn(await newAgent());
    const out = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { vigie_console: cookie },
    });
    assert.equal(out.statusCode, 200, out.body);
    assert.deepEqual(out.json(), { ok: true });
    const cleared = out.cookies.find((c) => c.name === 'vigie_console');
    assert.equal(cleared?.value, '');
    const replay = await me(cookie);
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().error.code, 'not_signed_in');
  });

  test('disabling an account ends all its sessions at once', async () => {
    setClock(new Date('2031-03-11T08:00:07Z'));
    const agent = await newAgent();
    const first = await signedIn(agent);
    advance(30_000);
    const second = await signedIn(agent);
    assert.equal((await me(first)).statusCode, 200);
    assert.equal((await me(second)).statusCode, 200);
    const { sessionsEnded } = await disableAgent(t().deps, { username: agent.username });
    assert.equal(sessionsEnded, 2);
    for (const cookie of [first, second]) {
      const response = await me(cookie);
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().error.code, 'not_signed_in');
    }
  });

  test('cross-site and non-JSON writes are refused before anything happens', async () => {
    setClock(new Date('2031-03-12T08:00:07Z'));
    const agent = await newAgent();
    const crossSite = await login(agent, {}, { headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.statusCode, 403);
    assert.equal(crossSite.json().error.code, 'same_origin_required');
    const evil = await login(agent, {}, { headers: { origin: 'https://evil.example' } });
    assert.equal(evil.statusCode, 403);
    assert.equal(evil.json().error.code, 'same_origin_required');
    const form = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        username: agent.username,
        password: agent.password,
        totp: currentTotp(agent.secret, clock),
      }).toString(),
    });
    assert.equal(form.statusCode, 415);
    assert.equal(form.json().error.code, 'unsupported_media_type');

    // None of them consumed the code: the console's own request signs in with it.
    const own = await login(
      agent,
      {},
      {
        headers: {
          host: 'console.vigie.test',
          origin: 'https://console.vigie.test',
          'sec-fetch-site': 'same-origin',
        },
      },
    );
    assert.equal(own.statusCode, 200, own.body);
    const cookie = consoleCookie(own) as string;

    // An agent's write from another site is refused too, and leaves the session open.
    const forgedLogout = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { vigie_console: cookie },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(forgedLogout.statusCode, 403);
    assert.equal(forgedLogout.json().error.code, 'same_origin_required');
    const formLogout = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { vigie_console: cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    assert.equal(formLogout.statusCode, 415);
    assert.equal((await me(cookie)).statusCode, 200);
  });
});
