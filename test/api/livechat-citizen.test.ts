import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CHAT_SETTINGS } from '../../src/livechat/chat-settings.ts';

const MAX_CHATS_PER_OPERATOR = DEFAULT_CHAT_SETTINGS.maxChatsPerOperator;

import { agentRequest, drugReportText, signInAs } from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

interface Message {
  seq: number;
  author: string;
  text: string;
}

const NOBODY = /Aucun policier n’est disponible pour le moment\. Vous pouvez transmettre votre signalement/;
const POSITION =
  /Vous êtes en file d’attente : position (\d+)\. Un policier de la plateforme va vous répondre\./;

/**
 * The citizen's side of the live chat: asking for an officer (API and form without JavaScript), what they
 * are told, writing while in line and with an officer, transmitting and erasing as before. The tests run
 * in order on one database and share its queue; each leaves every operator it put online offline again.
 */
describe('live chat: the citizen asks for an officer', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  async function start(): Promise<{ id: string; token: string }> {
    const started = await t().app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: { category: 'stupefiants' },
    });
    assert.equal(started.statusCode, 201, started.body);
    return started.json() as { id: string; token: string };
  }

  function post(conversation: { id: string; token: string }, path: string, payload?: object) {
    return t().app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}${path}`,
      headers: { authorization: `Bearer ${conversation.token}` },
      ...(payload && { payload }),
    });
  }

  async function send(conversation: { id: string; token: string }, payload: object): Promise<Message[]> {
    const response = await post(conversation, '/messages', payload);
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { messages: Message[] }).messages;
  }

  async function view(conversation: { id: string; token: string }) {
    const response = await t().app.inject({
      url: `/api/v1/conversations/${conversation.id}`,
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { status: string; canSubmit: boolean; messages: Message[] };
  }

  async function presence(cookie: string, status: 'online' | 'offline') {
    const response = await agentRequest(t().app, cookie, 'PUT', '/api/v1/agent/presence', { status });
    assert.equal(response.statusCode, 200, response.body);
  }

  async function factTypes(conversationId: string): Promise<string[]> {
    const rows = await t()
      .deps.db.selectFrom('report_facts as f')
      .innerJoin('reports as r', 'r.id', 'f.report_id')
      .select('f.type')
      .where('r.conversation_id', '=', conversationId)
      .execute();
    return rows.map((row) => row.type);
  }

  test('nobody online: told at once, kept in line, writes on (the bot extracts), transmits', async () => {
    const conversation = await start();
    const asked = await send(conversation, { option: 'talk_to_officer' });
    assert.equal(asked[0]?.author, 'citizen');
    assert.ok(
      asked.some((m) => m.author === 'bot' && NOBODY.test(m.text)),
      JSON.stringify(asked),
    );
    assert.ok(!asked.some((m) => POSITION.test(m.text)));
    let current = await view(conversation);
    assert.equal(current.status, 'waiting_agent');
    assert.equal(current.canSubmit, false);

    // In line, the citizen goes on with the bot: it answers and extracts.
    const described = await send(conversation, { text: drugReportText('Besançon') });
    assert.ok(described.length > 1, 'the bot answers while the citizen waits');
    current = await view(conversation);
    assert.equal(current.status, 'waiting_agent');
    assert.equal(current.canSubmit, true, 'facts extracted while waiting');

    // Asking again says it again, with no second place in line.
    const again = await send(conversation, { option: 'talk_to_officer' });
    assert.ok(again.some((m) => NOBODY.test(m.text)));
    const queued = await t()
      .deps.db.selectFrom('conversations')
      .select(['status', 'waiting_since'])
      .where('id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    assert.equal(queued.status, 'waiting_agent');
    assert.ok(queued.waiting_since);

    const submitted = await post(conversation, '/submit');
    assert.equal(submitted.statusCode, 201, submitted.body);
    assert.match((submitted.json() as { receipt: string }).receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    assert.equal((await view(conversation)).status, 'submitted');
    const types = await factTypes(conversation.id);
    assert.ok(types.includes('plate') || types.includes('phone'), JSON.stringify(types));
  });

  test('an operator online: assigned at once; with the officer the bot is quiet; transmits', async () => {
    const { app, deps } = t();
    const operator = await signInAs(app, deps, { role: 'operateur' });
    await presence(operator.cookie, 'online');
    try {
      const conversation = await start();
      const asked = await send(conversation, { option: 'talk_to_officer' });
      assert.ok(
        asked.some((m) => m.author === 'bot' && POSITION.exec(m.text)?.[1] === '1'),
        JSON.stringify(asked),
      );
      assert.equal((await view(conversation)).status, 'with_agent');
      const mine = await agentRequest(app, operator.cookie, 'GET', '/api/v1/chats?state=mine');
      assert.ok(
        (mine.json() as { items: { conversationId: string }[] }).items.some(
          (item) => item.conversationId === conversation.id,
        ),
      );

      // With the officer: stored (201), no bot reply, facts still extracted.
      const written = await send(conversation, { text: drugReportText('Besançon') });
      assert.deepEqual(
        written.map((m) => m.author),
        ['citizen'],
      );
      const current = await view(conversation);
      assert.equal(current.status, 'with_agent');
      assert.equal(current.canSubmit, true);
      assert.equal(current.messages.at(-1)?.seq, written[0]?.seq);
      const more = await send(conversation, { text: 'Il y a aussi un deuxième guetteur.' });
      assert.equal(more.length, 1);

      const submitted = await post(conversation, '/submit');
      assert.equal(submitted.statusCode, 201, submitted.body);
      assert.equal((await view(conversation)).status, 'submitted');
      assert.ok((await factTypes(conversation.id)).length > 0);
    } finally {
      await presence(operator.cookie, 'offline');
    }
  });

  test('operators online but full: in line with an honest position', async () => {
    const { app, deps } = t();
    const operator = await signInAs(app, deps, { role: 'operateur' });
    await presence(operator.cookie, 'online');
    try {
      for (let i = 0; i < MAX_CHATS_PER_OPERATOR; i++) {
        const taken = await start();
        await send(taken, { option: 'talk_to_officer' });
        assert.equal((await view(taken)).status, 'with_agent');
      }
      const first = await start();
      const firstTold = await send(first, { option: 'talk_to_officer' });
      assert.ok(
        firstTold.some((m) => POSITION.exec(m.text)?.[1] === '1'),
        JSON.stringify(firstTold),
      );
      const second = await start();
      const secondTold = await send(second, { option: 'talk_to_officer' });
      assert.ok(
        secondTold.some((m) => POSITION.exec(m.text)?.[1] === '2'),
        JSON.stringify(secondTold),
      );
      assert.equal((await view(second)).status, 'waiting_agent');
      // Asked in words rather than with the button: the same.
      const third = await start();
      const thirdTold = await send(third, { text: 'Je veux parler à un policier' });
      assert.ok(
        thirdTold.some((m) => POSITION.exec(m.text)?.[1] === '3'),
        JSON.stringify(thirdTold),
      );
      assert.equal((await view(third)).status, 'waiting_agent');
      // In line, the bot still answers.
      const answered = await send(second, { text: 'Ils sont trois.' });
      assert.ok(answered.some((m) => m.author === 'bot'));
    } finally {
      await presence(operator.cookie, 'offline');
    }
  });

  test('without JavaScript: the option from the form, the message on the page, erasing as before', async () => {
    const { app, deps } = t();
    const form = (url: string, cookie: string | undefined, payload: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams(payload).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        ...(cookie && { cookies: { vigie_session: cookie } }),
      });
    const started = await form('/signaler', undefined, { category: 'stupefiants' });
    assert.equal(started.statusCode, 303);
    const cookie = /vigie_session=([^;]*)/.exec(String(started.headers['set-cookie']))?.[1];
    assert.ok(cookie);
    const asked = await form('/signaler/message', cookie, { option: 'talk_to_officer' });
    assert.equal(asked.statusCode, 303, asked.body);
    const page = await app.inject({ url: '/signaler/conversation', cookies: { vigie_session: cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Aucun policier n’est disponible pour le moment/);
    assert.match(page.body, /id="form-message"/, 'the citizen can go on writing');
    assert.match(page.body, /id="bloc-transmettre"/);
    assert.match(page.body, /Terminer et effacer/);
    assert.match(page.body, /Actualiser la conversation/);
    assert.match(page.body, /data-agent-label="Policier de la plateforme"/);
    const written = await form('/signaler/message', cookie, { text: 'Ils sont là tous les soirs.' });
    assert.equal(written.statusCode, 303, written.body);
    const id = await deps.db
      .selectFrom('conversations')
      .select(['id', 'status'])
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.equal(id.status, 'waiting_agent');
    // Not transmitted: erased for good, in line as with the bot.
    const erased = await form('/signaler/effacer', cookie, { confirmer: 'oui' });
    assert.equal(erased.statusCode, 303);
    const left = await deps.db
      .selectFrom('conversations')
      .select('id')
      .where('id', '=', id.id)
      .executeTakeFirst();
    assert.equal(left, undefined);
  });
});
