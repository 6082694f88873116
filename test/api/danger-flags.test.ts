import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agentRequest, signInAs } from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

interface Message {
  author: string;
  text: string;
  kind?: string;
}

/**
 * Issue 10 §4: the danger indicators of a victim's words reach the queue (danger first, the flags in
 * clear) and the report's fiche; "oui" to the safety question with the author present is no safety.
 */
describe('danger indicators: queue and fiche', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  test('strangulation and the author present: danger in the queue, flags on the queue item and the fiche', async () => {
    const { app, deps } = t();
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: { category: 'violences_intrafamiliales' },
    });
    assert.equal(started.statusCode, 201, started.body);
    const conversation = started.json() as { id: string; token: string };
    const post = (path: string, payload?: object) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}${path}`,
        headers: { authorization: `Bearer ${conversation.token}` },
        ...(payload && { payload }),
      });

    const said = await post('/messages', {
      text: "il m'a serré le cou hier et il est encore dans l'appartement, j'ai dit oui je suis en sécurité mais il est là",
    });
    assert.equal(said.statusCode, 201, said.body);
    const replies = (said.json() as { messages: Message[] }).messages.filter((m) => m.author === 'bot');
    assert.ok(
      replies.some((m) => /\b17\b/.test(m.text) && /\b114\b/.test(m.text)),
      JSON.stringify(replies),
    );

    const asked = await post('/messages', { option: 'talk_to_officer' });
    assert.equal(asked.statusCode, 201, asked.body);

    const operator = await signInAs(app, deps, { role: 'operateur' });
    const listed = await agentRequest(app, operator.cookie, 'GET', '/api/v1/chats?state=queued');
    assert.equal(listed.statusCode, 200, listed.body);
    const items = (
      listed.json() as { items: { conversationId: string; danger: boolean; dangerFlags: string[] }[] }
    ).items;
    const item = items.find((i) => i.conversationId === conversation.id);
    assert.ok(item, 'in the queue');
    assert.equal(item.danger, true);
    assert.deepEqual(item.dangerFlags, ['strangulation', 'author_present']);
    assert.equal(items[0]?.danger, true, 'danger first');

    const submitted = await post('/submit');
    assert.equal(submitted.statusCode, 201, submitted.body);
    const report = await deps.db
      .selectFrom('reports')
      .select(['id', 'emergency', 'danger_flags'])
      .where('conversation_id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    assert.equal(report.emergency, true);
    assert.deepEqual(report.danger_flags, ['strangulation', 'author_present']);

    const fiche = await agentRequest(app, operator.cookie, 'GET', `/api/v1/reports/${report.id}`);
    assert.equal(fiche.statusCode, 200, fiche.body);
    const body = fiche.json() as {
      emergency: boolean;
      dangerFlags: string[];
      facts: { type: string; value: string }[];
    };
    assert.equal(body.emergency, true);
    assert.deepEqual(body.dangerFlags, ['strangulation', 'author_present']);
    assert.ok(!body.facts.some((f) => f.type === 'safety' && f.value === 'safe'), 'not recorded as safe');

    const page = await app.inject({
      method: 'GET',
      url: `/console/signalements/${report.id}`,
      headers: { cookie: operator.cookie },
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Indicateurs de danger/);
    assert.match(page.body, /Strangulation/);
    assert.match(page.body, /Auteur présent/);
  });
  test('danger told while waiting in line moves the person up the queue and tells the consoles', async () => {
    const { app, deps } = t();
    const open = async () => {
      const started = await app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        payload: { category: 'violences_intrafamiliales' },
      });
      const c = started.json() as { id: string; token: string };
      const post = (payload: object) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${c.id}/messages`,
          headers: { authorization: `Bearer ${c.token}` },
          payload,
        });
      assert.equal((await post({ option: 'talk_to_officer' })).statusCode, 201);
      return { id: c.id, post };
    };
    const first = await open();
    const second = await open();
    const operator = await signInAs(app, deps, { role: 'operateur' });
    const queue = async () =>
      (
        (await agentRequest(app, operator.cookie, 'GET', '/api/v1/chats?state=queued')).json() as {
          items: { conversationId: string; danger: boolean; dangerFlags: string[] }[];
        }
      ).items.filter((i) => i.conversationId === first.id || i.conversationId === second.id);
    assert.deepEqual(
      (await queue()).map((i) => [i.conversationId, i.danger]),
      [
        [first.id, false],
        [second.id, false],
      ],
    );

    const listener = await deps.pool.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(...(n.payload ?? '').split(',')));
    await listener.query('LISTEN vigie_messages');
    try {
      const said = await second.post({ text: "il m'a serré le cou hier soir" });
      assert.equal(said.statusCode, 201, said.body);
      for (let i = 0; i < 100 && !heard.includes('chat-queue:1'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(heard.includes('chat-queue:1'), `the consoles are told: ${heard.join(' ')}`);
    } finally {
      await listener.query('UNLISTEN *');
      listener.release();
    }
    const after = await queue();
    assert.deepEqual(
      after.map((i) => [i.conversationId, i.danger]),
      [
        [second.id, true],
        [first.id, false],
      ],
    );
    assert.deepEqual(after[0]?.dangerFlags, ['strangulation']);
  });
});
