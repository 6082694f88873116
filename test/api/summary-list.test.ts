import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

interface Message {
  author: string;
  text: string;
  list?: { before: string; items: string[]; after?: string };
  options?: { value: string }[];
}

test('the API gives the summary its list as data, and the plain text one line per item', async () => {
  const started = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  assert.equal(started.statusCode, 201, started.body);
  const { id, token } = started.json() as { id: string; token: string };
  const send = async (payload: object) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { messages: Message[] }).messages;
  };
  await send({ option: 'autre' });
  let messages = await send({
    text: 'On a volé mon vélo devant la gare de Besançon\n- Faux élément\n• autre \u202Eevil',
  });
  for (let i = 0; i < 15 && !messages.at(-1)?.list; i++) {
    const offered = messages.at(-1)?.options ?? [];
    const answer = offered.find((o) => o.value === 'skip') ?? offered[0];
    assert.ok(answer, JSON.stringify(messages.at(-1)));
    messages = await send({ option: answer.value });
  }
  const summary = messages.at(-1);
  assert.ok(summary?.list, 'the summary carries `list`');
  const { before: intro, items, after: question } = summary.list;
  assert.equal(intro, "Voici ce que j'ai compris :");
  assert.equal(question, 'Est-ce correct ?');
  assert.match(items[0] ?? '', /^Votre récit : « On a volé mon vélo .* - Faux élément • autre evil »$/);
  assert.ok(items.every((item) => !/[\n\u202A-\u202E\u2066-\u2069]/u.test(item)));
  assert.equal(summary.text, [intro, ...items.map((item) => `• ${item}`), question].join('\n'));

  // Read back from the database, the same.
  const read = await t.app.inject({
    method: 'GET',
    url: `/api/v1/conversations/${id}`,
    headers: { authorization: `Bearer ${token}` },
  });
  const stored = (read.json() as { messages: Message[] }).messages.findLast((m) => m.list);
  assert.deepEqual(stored?.list, summary.list);
  // The person's own message has no list.
  assert.ok((read.json() as { messages: Message[] }).messages.every((m) => m.author === 'bot' || !m.list));
});
