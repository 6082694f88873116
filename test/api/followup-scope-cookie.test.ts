import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileReport } from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

// Served over HTTPS, the citizen's session cookie is `__Host-vigie_session`: Secure, Path=/, no Domain,
// so that neither a sibling subdomain nor a page over plain HTTP can plant or overwrite it.

function setCookies(header: string | string[] | undefined): string[] {
  return Array.isArray(header) ? header : header ? [header] : [];
}

describe('the session cookie over HTTPS', { skip: needsDatabase }, () => {
  const t = useTestApp({
    env: { VIGIE_PUBLIC_URL: 'https://vigie.example.fr', VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' },
  });

  const form = (url: string, cookies: Record<string, string> = {}, payload: Record<string, string> = {}) =>
    t().app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(payload).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies,
    });

  test('is __Host-vigie_session, Secure, Path=/, without Domain; set, read and cleared under that name', async () => {
    assert.equal(t().deps.config.secureCookies, true);
    const started = await form('/signaler', {}, { category: 'autre' });
    assert.equal(started.statusCode, 303, started.body);
    const [set, ...others] = setCookies(started.headers['set-cookie']);
    assert.equal(others.length, 0);
    assert.match(String(set), /^__Host-vigie_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; /);
    const attributes = String(set)
      .split('; ')
      .slice(1)
      .map((attribute) => attribute.split('=')[0]?.toLowerCase());
    assert.deepEqual(attributes.sort(), ['httponly', 'path', 'samesite', 'secure']);
    assert.match(String(set), /; Path=\//);
    assert.doesNotMatch(String(set), /Domain|Expires|Max-Age/i);
    const value = /^__Host-vigie_session=([^;]+)/.exec(String(set))?.[1] as string;

    // Read under its own name only: the same value in a plain `vigie_session` opens nothing.
    const page = await t().app.inject({
      url: '/signaler/conversation',
      cookies: { '__Host-vigie_session': value },
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /vigie-message--bot/);
    const planted = await t().app.inject({
      url: '/signaler/conversation',
      cookies: { vigie_session: value },
    });
    assert.match(planted.body, /Aucune conversation en cours/);

    // The JSON API, which the page's script calls with the cookie, takes it too.
    const [id] = value.split('.') as [string];
    const api = await t().app.inject({
      url: `/api/v1/conversations/${id}`,
      cookies: { '__Host-vigie_session': value },
    });
    assert.equal(api.statusCode, 200, api.body);

    // The quick exit clears it under the same name, with the same attributes.
    const exit = await t().app.inject({ url: '/sortie', cookies: { '__Host-vigie_session': value } });
    assert.equal(exit.statusCode, 303);
    assert.equal(exit.headers['clear-site-data'], '"cookies", "storage", "cache"');
    const cleared = setCookies(exit.headers['set-cookie']).join('\n');
    assert.match(cleared, /^__Host-vigie_session=;/);
    assert.match(cleared, /; Path=\//);
    assert.match(cleared, /; Secure/);
    assert.doesNotMatch(cleared, /Domain/i);
    const gone = await t().app.inject({
      url: '/signaler/conversation',
      cookies: { '__Host-vigie_session': value },
    });
    assert.match(gone.body, /Aucune conversation en cours/);
  });

  test('the follow-up opened with the receipt gets the same cookie', async () => {
    const filed = await fileReport(t().app, t().deps);
    const opened = await form('/suivi', {}, { receipt: filed.receipt });
    assert.equal(opened.statusCode, 303, opened.body);
    const set = setCookies(opened.headers['set-cookie']).join('\n');
    assert.match(set, /^__Host-vigie_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const value = /^__Host-vigie_session=([^;]+)/.exec(set)?.[1] as string;
    const page = await t().app.inject({
      url: '/suivi/conversation',
      cookies: { '__Host-vigie_session': value },
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Suivi de votre signalement/);
    const closed = await form('/suivi/effacer', { '__Host-vigie_session': value });
    assert.equal(closed.statusCode, 303);
    assert.match(setCookies(closed.headers['set-cookie']).join('\n'), /^__Host-vigie_session=;.*; Secure/);
  });
});
