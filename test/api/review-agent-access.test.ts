import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { agentRequest, fileReport, signInAs } from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

describe('review: agent requests from another origin, transmission targets', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  const auditCount = async (agentUsername: string, action: string) => {
    const row = await t()
      .deps.db.selectFrom('audit_log as a')
      .innerJoin('agents as g', (join) => join.on(sql`g.id::text`, '=', sql.ref('a.actor_id')))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('g.username', '=', agentUsername)
      .where('a.action', '=', action)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  test('a read from another origin of the same site is refused and audits nothing', async () => {
    const filed = await fileReport(t().app, t().deps);
    const operator = await signInAs(t().app, t().deps, { role: 'operateur' });
    for (const site of ['same-site', 'cross-site']) {
      for (const url of ['/api/v1/reports', `/api/v1/reports/${filed.reportId}`]) {
        const response = await t().app.inject({
          method: 'GET',
          url,
          headers: { cookie: operator.cookie, 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors' },
        });
        assert.equal(response.statusCode, 403, `${site} ${url}: ${response.body}`);
        assert.equal(response.json().error.code, 'same_origin_required');
      }
    }
    assert.equal(await auditCount(operator.username, 'reports.listed'), 0);
    assert.equal(await auditCount(operator.username, 'report.viewed'), 0);
    // The console's pages too: treated as signed out (sent to the sign-in page), nothing audited.
    for (const site of ['same-site', 'cross-site']) {
      for (const url of ['/console/signalements', `/console/signalements/${filed.reportId}`]) {
        const page = await t().app.inject({
          method: 'GET',
          url,
          headers: { cookie: operator.cookie, 'sec-fetch-site': site, 'sec-fetch-dest': 'image' },
        });
        assert.equal(page.statusCode, 303, `${site} ${url}`);
        assert.equal(page.headers.location, '/console');
      }
    }
    assert.equal(await auditCount(operator.username, 'reports.listed'), 0);
    assert.equal(await auditCount(operator.username, 'report.viewed'), 0);
    // The console's own requests (and a typed address) still work.
    for (const site of ['same-origin', 'none']) {
      const own = await t().app.inject({
        method: 'GET',
        url: `/api/v1/reports/${filed.reportId}`,
        headers: { cookie: operator.cookie, 'sec-fetch-site': site },
      });
      assert.equal(own.statusCode, 200, own.body);
    }
    assert.equal(await auditCount(operator.username, 'report.viewed'), 2);
  });

  test('a forged write does not restart the session’s idle clock', async () => {
    const operator = await signInAs(t().app, t().deps, { role: 'operateur' });
    const seen = async () => {
      const rows = await t()
        .deps.db.selectFrom('agent_sessions as s')
        .innerJoin('agents as a', 'a.id', 's.agent_id')
        .select('s.last_seen_at')
        .where('a.username', '=', operator.username)
        .execute();
      assert.equal(rows.length, 1);
      return rows[0]?.last_seen_at.getTime();
    };
    const before = await seen();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const forged = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: operator.cookie, 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(forged.statusCode, 403, forged.body);
    assert.equal(await seen(), before);
  });

  test('a routing rule naming the platform cannot “transmit” the report to its own holder', async () => {
    const filed = await fileReport(t().app, t().deps);
    const platform = await t()
      .deps.db.selectFrom('units')
      .select('id')
      .where('kind', '=', 'plateforme')
      .executeTakeFirstOrThrow();
    await t()
      .deps.db.updateTable('reports')
      .set({ suggested_unit_id: platform.id })
      .where('id', '=', filed.reportId)
      .execute();
    const operator = await signInAs(t().app, t().deps, { role: 'operateur' });
    const response = await agentRequest(
      t().app,
      operator.cookie,
      'POST',
      `/api/v1/reports/${filed.reportId}/transitions`,
      { to: 'transmitted' },
    );
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.json().error.code, 'invalid_input');
    const report = await t()
      .deps.db.selectFrom('reports')
      .select(['status', 'unit_id'])
      .where('id', '=', filed.reportId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(report, { status: 'received', unit_id: platform.id });
  });
});
