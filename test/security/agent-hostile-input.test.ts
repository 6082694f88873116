import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agentRequest, fileReport, signInAs } from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

/**
 * Bad input on the agent side gets a clear French error and changes nothing: malformed bodies, wrong
 * types, unknown states and motives, out-of-range grading, oversized texts, injection-shaped strings.
 */
describe('hostile input on the agent API', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  test('sign-in refuses malformed bodies with a French error, and never says which field was wrong', async () => {
    const login = (payload: string, type = 'application/json') =>
      t().app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': type },
        payload,
      });
    for (const body of [
      '{"username":',
      '{"username":["admin"],"password":"x","totp":"123456"}',
      `{"username":"admin","password":"${'p'.repeat(300)}","totp":"123456"}`,
      '{"username":"admin","password":"x"}',
    ]) {
      const response = await login(body);
      assert.equal(response.statusCode, 400, body);
      assert.match(response.json().error.message, /[éèà]|requête|invalides/);
    }
    const injection = await login('{"username":"admin\' OR 1=1 --","password":"x","totp":"000000"}');
    assert.equal(injection.statusCode, 401);
    assert.equal(injection.json().error.code, 'invalid_credentials');
    const form = await login('username=admin&password=x&totp=1', 'application/x-www-form-urlencoded');
    assert.equal(form.statusCode, 415);
  });

  test('a report refuses unknown states, motives, grading and fact actions, and stays as it was', async () => {
    const report = await fileReport(t().app, t().deps);
    const operator = await signInAs(t().app, t().deps, { role: 'operateur' });
    const url = `/api/v1/reports/${report.reportId}`;
    const before = (await agentRequest(t().app, operator.cookie, 'GET', url)).json();
    const attempts: [string, string, unknown][] = [
      ['POST', `${url}/transitions`, { to: 'archived' }],
      ['POST', `${url}/transitions`, { to: 'rejected', motive: 'ennuyeux' }],
      ['POST', `${url}/transitions`, { to: 'rejected' }],
      ['POST', `${url}/transitions`, { to: 'transmitted', unit: "CROS25'; DROP TABLE reports; --" }],
      ['POST', `${url}/transitions`, { to: 'transmitted', reason: 'x'.repeat(3000) }],
      ['PATCH', `${url}/qualification`, { grading: { reliability: 'Z', credibility: 9 } }],
      ['PATCH', `${url}/qualification`, { urgency: 'apocalyptique' }],
      ['PATCH', `${url}/qualification`, { category: 'contrebande' }],
      ['PATCH', `${url}/qualification`, { place: { communeInsee: '99999' } }],
      ['POST', `${url}/facts`, { type: 'plate', value: '' }],
      ['POST', `${url}/facts`, { type: 'dragon', value: 'rouge' }],
      ['POST', `${url}/messages`, { text: '' }],
      ['POST', `${url}/messages`, { text: 'q'.repeat(5000) }],
      ['PATCH', `${url}/facts/00000000-0000-4000-8000-000000000000`, { action: 'confirm' }],
    ];
    for (const [method, path, payload] of attempts) {
      const response = await agentRequest(t().app, operator.cookie, method, path, payload);
      assert.ok([400, 404].includes(response.statusCode), `${method} ${path} ${JSON.stringify(payload)}`);
      const { error } = response.json();
      assert.ok(error.code && error.message, 'a coded French error');
      assert.doesNotMatch(error.message, /select|insert|postgres|stack|at \w+ \(/i);
    }
    const after = (await agentRequest(t().app, operator.cookie, 'GET', url)).json();
    for (const key of ['status', 'category', 'urgency', 'unit', 'place', 'facts', 'messages', 'grading']) {
      assert.deepEqual(after[key], before[key], key);
    }
    const { count } = await t()
      .deps.db.selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    assert.ok(Number(count) >= 1, 'the reports table is still there');
  });
});
