import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { citizenClient } from '../support/citizen-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

const REPORT =
  'Tous les soirs vers 21h trois jeunes vendent du shit devant le hall du 12 rue de Dole à Besançon, ' +
  'un guetteur en survêtement noir, commandes au 06 55 44 33 22.';

describe('POST …/submit with an Idempotency-Key', { skip: needsDatabase }, () => {
  const t = useTestApp();
  const { start, say } = citizenClient(() => t().app);

  /** A conversation with something to transmit. */
  async function ready() {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    return c;
  }
  const submit = (c: { id: string; token: string }, key?: string) =>
    t().app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${c.id}/submit`,
      headers: { authorization: `Bearer ${c.token}`, ...(key !== undefined && { 'idempotency-key': key }) },
    });
  const reportsOf = async (conversationId: string) =>
    (
      await sql<{ id: string; submit_key_hash: Buffer | null }>`
        SELECT id, submit_key_hash FROM reports WHERE conversation_id = ${conversationId}`.execute(
        t().deps.db,
      )
    ).rows;
  const auditCount = async (action: string) =>
    Number(
      (
        await t()
          .deps.db.selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('the same key again answers the same 201 with the same receipt; one report, a keyed hash kept', async () => {
    const c = await ready();
    const key = 'b7c6a1e2-5f44-4a8e-9c1d-0f3e2d1c0b9a';
    const first = await submit(c, key);
    assert.equal(first.statusCode, 201, first.body);
    const shownAgain = await auditCount('report.receipt_shown_again');
    const again = await submit(c, key);
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.json().receipt, first.json().receipt);
    assert.equal(await auditCount('report.receipt_shown_again'), shownAgain + 1, 'audited');
    const reports = await reportsOf(c.id);
    assert.equal(reports.length, 1);
    const stored = reports[0]?.submit_key_hash;
    assert.equal(stored?.length, 32, 'an HMAC');
    assert.ok(!stored?.includes(Buffer.from(key)), 'never the key itself');
    // The receipt given again is the report's: it opens the follow-up.
    const followup = await t().app.inject({
      method: 'POST',
      url: '/api/v1/followup',
      payload: { receipt: again.json().receipt },
    });
    assert.equal(followup.statusCode, 200, followup.body);
  });

  test('after transmission, another key or none answers 409 already_submitted', async () => {
    const c = await ready();
    assert.equal((await submit(c, 'clé-1')).statusCode, 201);
    for (const key of ['clé-2', undefined]) {
      const response = await submit(c, key);
      assert.equal(response.statusCode, 409, response.body);
      assert.equal(response.json().error.code, 'already_submitted');
    }
    // Transmitted without a key: a key afterwards does not bring the receipt back either.
    const plain = await ready();
    assert.equal((await submit(plain)).statusCode, 201);
    assert.equal((await submit(plain, 'clé-1')).statusCode, 409);
  });

  test('the same key from another session (a follow-up opened with the receipt) answers 409', async () => {
    const c = await ready();
    const { receipt } = (await submit(c, 'même-clé')).json();
    const opened = (
      await t().app.inject({ method: 'POST', url: '/api/v1/followup', payload: { receipt } })
    ).json();
    const response = await submit({ id: opened.id, token: opened.token }, 'même-clé');
    assert.equal(response.statusCode, 409, response.body);
  });

  test('the same key more than an hour later answers 409', async () => {
    const c = await ready();
    assert.equal((await submit(c, 'clé-tardive')).statusCode, 201);
    t().setNow(new Date(Date.now() + 61 * 60 * 1000));
    try {
      const response = await submit(c, 'clé-tardive');
      assert.equal(response.statusCode, 409, response.body);
      assert.equal(response.json().error.code, 'already_submitted');
    } finally {
      t().setNow(null);
    }
  });

  test('two submissions at once with the same key both answer 201 with the same receipt', async () => {
    const c = await ready();
    const responses = await Promise.all([submit(c, 'double-clic'), submit(c, 'double-clic')]);
    for (const response of responses) assert.equal(response.statusCode, 201, response.body);
    assert.equal(responses[0]?.json().receipt, responses[1]?.json().receipt);
    assert.equal((await reportsOf(c.id)).length, 1);
  });

  test('an empty key, or one of more than 200 characters, is refused with 400 and transmits nothing', async () => {
    const c = await ready();
    for (const key of ['', 'k'.repeat(201)]) {
      const response = await submit(c, key);
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.code, 'invalid_input');
    }
    assert.equal((await reportsOf(c.id)).length, 0);
    assert.equal((await submit(c, 'k'.repeat(200))).statusCode, 201);
  });

  test('the OpenAPI document declares the header', async () => {
    const document = (await t().app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operation = document.paths['/api/v1/conversations/{id}/submit'].post;
    const header = operation.parameters.find(
      (p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key',
    );
    assert.ok(header, JSON.stringify(operation.parameters));
    assert.equal(header.required, false);
    assert.equal(header.schema.maxLength, 200);
    assert.ok(operation.responses['400']);
    assert.match(operation.description, /Idempotency-Key/);
  });
});
