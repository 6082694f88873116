import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const RICH_REPORT =
  'Tous les soirs vers 21h trois jeunes vendent du shit et de la coke devant le hall du 12 rue de Dole à ' +
  'Besançon. Un guetteur en survêtement noir, un scooter T-Max blanc immatriculé GA-318-PT. ' +
  'Commandes au 06 55 44 33 22 et sur Snap @plug_besak, 10 euros le joint.';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

async function start(body: object = {}) {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as { id: string; token: string; messages: Array<Record<string, unknown>> };
}

function post(id: string, token: string, path: string, payload?: object) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${id}${path}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload && { payload }),
  });
}

function get(id: string, token: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/conversations/${id}`,
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('citizen API v1', () => {
  test('a conversation starts with the bot offering the four categories', async () => {
    const { id, token, messages } = await start();
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.ok(token.length >= 22);
    const first = messages[0] as {
      author: string;
      seq: number;
      options: Array<{ value: string }>;
      at: string;
    };
    assert.equal(first.author, 'bot');
    assert.equal(first.seq, 1);
    assert.ok(!Number.isNaN(Date.parse(first.at)));
    const values = messages
      .flatMap((m) => (m.options as Array<{ value: string }> | undefined) ?? [])
      .map((o) => o.value);
    for (const category of ['stupefiants', 'violences_intrafamiliales', 'violences_sexuelles', 'autre']) {
      assert.ok(values.includes(category), `option ${category}`);
    }
  });

  test('without the token, a conversation answers 401 with a French error and nothing else', async () => {
    const { id } = await start();
    for (const headers of [{}, { authorization: 'Bearer faux' }]) {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers });
      assert.equal(response.statusCode, 401);
      const body = response.json();
      assert.equal(body.error.code, 'unauthorized');
      assert.match(body.error.message, /[éè]|Accès/);
    }
    const malformed = await t.app.inject({ method: 'GET', url: '/api/v1/conversations/pas-un-uuid' });
    assert.equal(malformed.statusCode, 401);
  });

  test('a full drug report: category, free text, submission, receipt, follow-up', async () => {
    const { id, token } = await start();
    const chosen = await post(id, token, '/messages', { option: 'stupefiants' });
    assert.equal(chosen.statusCode, 201, chosen.body);
    const chosenMessages = chosen.json().messages;
    assert.equal(chosenMessages[0].author, 'citizen');
    assert.ok(chosenMessages.length >= 2);
    assert.equal(chosenMessages[1].author, 'bot');

    const described = await post(id, token, '/messages', { text: RICH_REPORT });
    assert.equal(described.statusCode, 201, described.body);
    const replies = described.json().messages;
    assert.equal(replies[0].text, RICH_REPORT);
    assert.deepEqual(
      replies.map((m: { seq: number }) => m.seq),
      replies.map((_: unknown, i: number) => replies[0].seq + i),
    );

    const submitted = await post(id, token, '/submit');
    assert.equal(submitted.statusCode, 201, submitted.body);
    const { receipt } = submitted.json();
    assert.match(receipt, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);

    const again = await post(id, token, '/submit');
    assert.equal(again.statusCode, 409);

    const report = await t.deps.db
      .selectFrom('reports')
      .selectAll()
      .where('conversation_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(report.status, 'received');
    assert.equal(report.category, 'stupefiants');
    assert.equal(report.commune_insee, '25056');
    assert.equal(report.departement_code, '25');
    const codeOf = async (id: string | null) =>
      (
        await t.deps.db
          .selectFrom('units')
          .select('code')
          .where('id', '=', id as string)
          .executeTakeFirst()
      )?.code;
    // Held by the reception platform until an operator transmits it where the routing table says.
    assert.equal(await codeOf(report.unit_id), 'PNAV');
    assert.equal(await codeOf(report.suggested_unit_id), 'CROS25');
    const facts = await t.deps.db
      .selectFrom('report_facts')
      .select(['type', 'message_id', 'blind_index'])
      .where('report_id', '=', report.id)
      .execute();
    const types = new Set(facts.map((f) => f.type));
    for (const type of ['plate', 'phone', 'handle', 'substance', 'time'])
      assert.ok(types.has(type), `fact ${type}`);
    const describedId = replies[0].id;
    assert.ok(facts.some((f) => f.type === 'plate' && f.message_id === describedId && f.blind_index));

    const reopened = await t.app.inject({
      method: 'POST',
      url: '/api/v1/followup',
      payload: { receipt: receipt.toLowerCase().replaceAll('-', ' ') },
    });
    assert.equal(reopened.statusCode, 200, reopened.body);
    const followup = reopened.json();
    assert.equal(followup.id, id);
    const view = (await get(id, followup.token)).json();
    assert.equal(view.status, 'submitted');
    assert.equal(view.reportStatus.label, 'Reçu');
    // What a found receipt opens: the state and what came after, never the original account.
    assert.ok(!view.messages.some((m: { text: string }) => m.text === RICH_REPORT));

    const extra = await post(id, followup.token, '/messages', {
      text: 'Ils ont aussi une Clio grise AB-123-CD.',
    });
    assert.equal(extra.statusCode, 201, extra.body);
    const plates = await t.deps.db
      .selectFrom('report_facts')
      .select('type')
      .where('report_id', '=', report.id)
      .where('slot', '=', 'followup')
      .execute();
    assert.ok(plates.some((f) => f.type === 'plate'));
  });

  test('submitting with nothing said gives 409 nothing_to_submit and creates nothing', async () => {
    const { id, token } = await start();
    const response = await post(id, token, '/submit');
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'nothing_to_submit');
    const count = await t.deps.db
      .selectFrom('reports')
      .select(t.deps.db.fn.countAll().as('n'))
      .where('conversation_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  test('bad input gets a clear French error and changes nothing', async () => {
    const { id, token } = await start();
    const before = (await get(id, token)).json().messages.length;
    for (const payload of [
      { option: 'inexistant' },
      { text: '   ' },
      { text: 'x'.repeat(6000) },
      { foo: 1 },
    ]) {
      const response = await post(id, token, '/messages', payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      const body = response.json();
      assert.ok(body.error.code);
      assert.ok(body.error.message.length > 10);
      assert.doesNotMatch(response.body, /at .*\.ts|SELECT|node_modules/);
    }
    const invalidJson = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"text": ',
    });
    assert.equal(invalidJson.statusCode, 400);
    assert.equal(invalidJson.json().error.code, 'bad_request');
    assert.equal((await get(id, token)).json().messages.length, before);
  });

  test('a wrong receipt is refused like an expired one, then throttled', async () => {
    const { id, token } = await start({ category: 'autre' });
    await post(id, token, '/messages', { text: 'Des tags injurieux sur la mairie de Dole hier soir.' });
    const { receipt } = (await post(id, token, '/submit')).json();
    t.setNow(new Date(Date.now() + 400 * 24 * 3600 * 1000));
    const expired = await t.app.inject({
      method: 'POST',
      url: '/api/v1/followup',
      payload: { receipt },
      remoteAddress: '198.51.100.1',
    });
    t.setNow(null);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/followup',
      payload: { receipt: 'AAAA-BBBB-CCCC-DDDD' },
      remoteAddress: '198.51.100.1',
    });
    assert.equal(expired.statusCode, 401);
    assert.deepEqual(expired.json(), wrong.json());
    assert.equal(wrong.json().error.code, 'invalid_receipt');
    let last = wrong;
    for (let i = 0; i < 10; i++) {
      last = await t.app.inject({
        method: 'POST',
        url: '/api/v1/followup',
        payload: { receipt: 'AAAA-BBBB-CCCC-DDDD' },
        remoteAddress: '198.51.100.1',
      });
    }
    assert.equal(last.statusCode, 429);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/followup',
      payload: { receipt },
      remoteAddress: '203.0.113.5',
    });

    const parallel = await Promise.all(
      Array.from({ length: 30 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/followup',
          payload: { receipt: 'AAAA-BBBB-CCCC-DDDD' },
          remoteAddress: '192.0.2.44',
        }),
      ),
    );
    const notThrottled = parallel.filter((response) => response.statusCode !== 429).length;
    assert.equal(notThrottled, 10, 'attempts sent in parallel are counted too');
    assert.equal(other.statusCode, 200);
  });

  test('turns racing on one conversation all commit, with gapless seq numbers', async () => {
    const { id, token } = await start({ category: 'autre' });
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(id, token, '/messages', { text: `Fait numéro ${i} à Dole` })),
    );
    for (const response of responses) assert.equal(response.statusCode, 201, response.body);
    const seqs = (await get(id, token)).json().messages.map((m: { seq: number }) => m.seq);
    assert.deepEqual(
      seqs,
      seqs.map((_: number, i: number) => i + 1),
    );
    for (let i = 0; i < 8; i++) {
      assert.ok(
        (await get(id, token))
          .json()
          .messages.some((m: { text: string }) => m.text === `Fait numéro ${i} à Dole`),
      );
    }
  });

  test('a conversation has a maximum length', async () => {
    const { id, token } = await start({ category: 'autre' });
    await t.deps.db.updateTable('conversations').set({ last_seq: 1000 }).where('id', '=', id).execute();
    const response = await post(id, token, '/messages', { text: 'Encore un message' });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'conversation_too_long');
  });

  test('message content is encrypted at rest', async () => {
    const canary = `canari-${Date.now()}-texte-secret`;
    const { id, token } = await start({ category: 'autre' });
    await post(id, token, '/messages', { text: `Il se passe ceci : ${canary}` });
    const hits = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM messages WHERE position(convert_to(${canary}, 'UTF8') in body_enc) > 0`.execute(
      t.deps.db,
    );
    assert.equal(hits.rows[0]?.n, 0);
    const view = (await get(id, token)).json();
    assert.ok(view.messages.some((m: { text: string }) => m.text.includes(canary)));
  });

  test('healthz and the OpenAPI document', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.json(), { status: 'ok' });
    const openapi = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(openapi.statusCode, 200);
    assert.ok(openapi.json().paths['/api/v1/followup']);
  });

  test('security headers on API responses', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
    assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(response.headers['referrer-policy'], 'no-referrer');
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.headers['x-powered-by'], undefined);
  });
});
