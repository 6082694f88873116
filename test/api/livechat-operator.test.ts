import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { updateConversation } from '../../src/conversations/conversation.repo.ts';
import { persistMessages } from '../../src/conversations/persist-messages.ts';
import { authorizeChat } from '../../src/livechat/chat-access.ts';
import { requestOfficer } from '../../src/livechat/request-officer.ts';
import { lockConversation } from '../../src/reports/agent-report.repo.ts';
import { agentRequest, followUp, listenOnce, openStream, signInAs } from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

interface ChatMessage {
  id: string;
  seq: number;
  author: string;
  text: string;
  internal: boolean;
}
interface CitizenMessage {
  id: string;
  seq: number;
  author: string;
  text: string;
  [key: string]: unknown;
}

const FIRST_WORDS = 'Mon voisin du 12 rue Pasteur à Besançon frappe sa femme, je l’entends tous les soirs.';
const NOTE = 'Note interne : témoin crédible, voisin direct.';

/**
 * The operator's side of a taken chat, against PostgreSQL: the transcript with the citizen's words
 * written before the take, messages both ways, internal notes that no citizen route ever shows, the
 * live stream, and who may open a chat.
 */
describe('live chat: the operator in a chat', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  /** A citizen writes, asks for an officer; an operator (online, so the queue is theirs) takes the chat. */
  async function takenChat() {
    const { app, deps } = t();
    const operator = await signInAs(app, deps, { role: 'operateur' });
    const started = await app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
    assert.equal(started.statusCode, 201, started.body);
    const conversation = started.json() as { id: string; token: string };
    const auth = { authorization: `Bearer ${conversation.token}` };
    const written = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: auth,
      payload: { text: FIRST_WORDS },
    });
    assert.equal(written.statusCode, 201, written.body);
    await requestOfficer(deps, { conversationId: conversation.id, token: conversation.token });
    const online = await agentRequest(app, operator.cookie, 'PUT', '/api/v1/agent/presence', {
      status: 'online',
    });
    assert.equal(online.statusCode, 200, online.body);
    const taken = await agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${conversation.id}/take`);
    assert.equal(taken.statusCode, 200, taken.body);
    return { operator, conversation, auth };
  }

  async function goOffline(cookie: string) {
    // Going offline hands the chats back: only at the end of a test, so that the queue stays empty.
    const response = await agentRequest(t().app, cookie, 'PUT', '/api/v1/agent/presence', { status: 'away' });
    assert.equal(response.statusCode, 200, response.body);
  }

  async function citizenMessages(conversation: { id: string }, token: string): Promise<CitizenMessage[]> {
    const response = await t().app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { messages: CitizenMessage[] }).messages;
  }

  test('the operator reads the transcript and the facts, writes to the citizen, and notes never reach them', async () => {
    const { app, deps } = t();
    const { operator, conversation } = await takenChat();
    try {
      const read = await agentRequest(app, operator.cookie, 'GET', `/api/v1/chats/${conversation.id}`);
      assert.equal(read.statusCode, 200, read.body);
      const chat = read.json() as {
        conversationId: string;
        status: string;
        messages: ChatMessage[];
        facts: { type: string; value: string; text: string; messageId: string }[];
      };
      assert.equal(chat.conversationId, conversation.id);
      assert.equal(chat.status, 'with_agent');
      const first = chat.messages.find((m) => m.author === 'citizen');
      assert.equal(first?.text, FIRST_WORDS, 'the citizen’s words written before the take');
      assert.ok(chat.messages.every((m) => m.internal === false));
      assert.ok(chat.facts.length > 0, 'the bot’s facts');
      assert.ok(chat.facts.every((f) => chat.messages.some((m) => m.id === f.messageId)));
      const audit = await deps.db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('object_id', '=', conversation.id)
        .where('action', '=', 'chat.viewed')
        .execute();
      assert.equal(audit.length, 1, 'one audit record per read');
      assert.ok(!JSON.stringify(audit).includes('Pasteur'), 'no content in the trail');

      const sent = await agentRequest(
        app,
        operator.cookie,
        'POST',
        `/api/v1/chats/${conversation.id}/messages`,
        {
          text: 'Bonjour, je suis policier. Êtes-vous en sécurité ?',
        },
      );
      assert.equal(sent.statusCode, 201, sent.body);
      const message = (sent.json() as { message: ChatMessage }).message;
      assert.equal(message.author, 'agent');
      assert.equal(message.internal, false);
      const note = await agentRequest(
        app,
        operator.cookie,
        'POST',
        `/api/v1/chats/${conversation.id}/messages`,
        {
          text: NOTE,
          internal: true,
        },
      );
      assert.equal(note.statusCode, 201, note.body);
      const noted = (note.json() as { message: ChatMessage }).message;
      assert.equal(noted.internal, true);
      assert.equal(noted.seq, message.seq + 1, 'the next seq');
      const row = await deps.db
        .selectFrom('conversations')
        .select('last_seq')
        .where('id', '=', conversation.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.last_seq, noted.seq);

      // The citizen sees the officer's message, as the officer's, without any name; never the note.
      const seen = await citizenMessages(conversation, conversation.token);
      const officer = seen.find((m) => m.id === message.id);
      assert.equal(officer?.author, 'agent');
      assert.equal(officer?.text, 'Bonjour, je suis policier. Êtes-vous en sécurité ?');
      assert.ok(!JSON.stringify(officer).includes(operator.username), 'no name');
      assert.deepEqual(Object.keys(officer ?? {}).sort(), ['at', 'author', 'id', 'seq', 'text']);
      assert.ok(!seen.some((m) => m.id === noted.id || m.text === NOTE), 'no note in the citizen’s GET');
      // Nor on the page without JavaScript, which shows the officer's message.
      const page = await app.inject({
        method: 'GET',
        url: '/signaler/conversation',
        headers: { cookie: `vigie_session=${conversation.id}.${conversation.token}` },
      });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('Policier de la plateforme'), 'the officer’s message is on the page');
      assert.ok(!page.body.includes(NOTE), 'no note on the page');

      // The operator sees both, the note marked.
      const again = await agentRequest(app, operator.cookie, 'GET', `/api/v1/chats/${conversation.id}`);
      const mine = (again.json() as { messages: ChatMessage[] }).messages;
      assert.deepEqual(
        mine.slice(-2).map((m) => [m.id, m.internal]),
        [
          [message.id, false],
          [noted.id, true],
        ],
      );

      // The citizen's SSE from the start: the officer's message, never the note.
      const base = await listenOnce(app);
      const stream = await openStream(`${base}/api/v1/conversations/${conversation.id}/events`, {
        authorization: `Bearer ${conversation.token}`,
        'last-event-id': '0',
      });
      try {
        assert.equal(stream.status, 200);
        const events = await stream.waitFor((all) =>
          all.some((e) => (e.data as CitizenMessage).id === message.id),
        );
        assert.ok(events.some((e) => (e.data as CitizenMessage).id === message.id));
        // A message after the note: once it is there, the note would have come before it.
        const later = await agentRequest(
          app,
          operator.cookie,
          'POST',
          `/api/v1/chats/${conversation.id}/messages`,
          {
            text: 'Restez où vous êtes.',
          },
        );
        assert.equal(later.statusCode, 201, later.body);
        const laterId = (later.json() as { message: ChatMessage }).message.id;
        const all = await stream.waitFor((got) => got.some((e) => (e.data as CitizenMessage).id === laterId));
        assert.ok(
          all.some((e) => (e.data as CitizenMessage).id === laterId),
          'the live message',
        );
        assert.ok(
          !all.some(
            (e) => (e.data as CitizenMessage).id === noted.id || (e.data as CitizenMessage).text === NOTE,
          ),
          'no note in the citizen’s stream',
        );
      } finally {
        stream.close();
      }

      // After the submission, the follow-up opened with the receipt: an officer's question, never a note.
      // (The conversation's key, read while the chat is live: once transmitted, the chat is closed to it.)
      const { dataKey } = await authorizeChat(
        deps,
        deps.db,
        operatorPrincipal(await agentIdOf(operator.username)),
        conversation.id,
      );
      const submitted = await app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/submit`,
        headers: { authorization: `Bearer ${conversation.token}` },
      });
      assert.equal(submitted.statusCode, 201, submitted.body);
      const { receipt } = submitted.json() as { receipt: string };
      // The chat is no longer writable once transmitted (its questions go through the report).
      const closed = await agentRequest(
        app,
        operator.cookie,
        'POST',
        `/api/v1/chats/${conversation.id}/messages`,
        {
          text: 'Encore là ?',
        },
      );
      assert.equal(closed.statusCode, 409, closed.body);
      // A note and a question written after the submission, as the rest of part 2b will write them.
      const after = await deps.db.transaction().execute(async (tx) => {
        const locked = await lockConversation(tx, conversation.id);
        const written = await persistMessages(
          tx,
          dataKey,
          conversation.id,
          locked.last_seq,
          [
            { author: 'agent', body: { text: 'Question après transmission.' } },
            { author: 'agent', internal: true, body: { text: `${NOTE} (après transmission)` } },
          ],
          deps.now(),
        );
        await updateConversation(tx, conversation.id, { lastSeq: written.lastSeq });
        return written.views;
      });
      const opened = await followUp(app, receipt);
      const followed = await citizenMessages(opened, opened.token);
      assert.ok(
        followed.some((m) => m.id === after[0]?.id),
        'the question reaches the follow-up',
      );
      assert.ok(
        !followed.some((m) => m.id === after[1]?.id || m.text.startsWith(NOTE)),
        'no note in the follow-up',
      );
      assert.ok(
        !(await citizenMessages(conversation, conversation.token)).some((m) => m.text.startsWith(NOTE)),
      );
    } finally {
      await goOffline(operator.cookie);
    }
  });

  test('the operator’s stream receives the citizen’s message posted after it opened', async () => {
    const { app } = t();
    const { operator, conversation, auth } = await takenChat();
    try {
      const base = await listenOnce(app);
      const stream = await openStream(`${base}/api/v1/chats/${conversation.id}/events`, {
        cookie: operator.cookie,
      });
      try {
        assert.equal(stream.status, 200);
        assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
        const posted = await app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${conversation.id}/messages`,
          headers: auth,
          payload: { text: 'Il vient de repartir en voiture.' },
        });
        assert.equal(posted.statusCode, 201, posted.body);
        const events = await stream.waitFor((all) =>
          all.some((e) => (e.data as ChatMessage).text === 'Il vient de repartir en voiture.'),
        );
        const event = events.find((e) => (e.data as ChatMessage).text === 'Il vient de repartir en voiture.');
        assert.equal(event?.event, 'message');
        const data = event?.data as ChatMessage;
        assert.equal(data.author, 'citizen');
        assert.equal(data.internal, false);
        assert.equal(event?.id, String(data.seq));
        assert.ok(!events.some((e) => (e.data as ChatMessage).text === FIRST_WORDS), 'only what is new');
        // After the citizen's message, the live fiche again (`facts`), without a request.
        const withFacts = await stream.waitFor((got) => got.some((e) => e.event === 'facts'));
        const fiche = withFacts.find((e) => e.event === 'facts')?.data as { facts: unknown[] };
        assert.ok(Array.isArray(fiche.facts));
      } finally {
        stream.close();
      }
      // Resumed after Last-Event-ID 0: the whole transcript, a note included, in order.
      await agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${conversation.id}/messages`, {
        text: NOTE,
        internal: true,
      });
      const resumed = await openStream(`${base}/api/v1/chats/${conversation.id}/events`, {
        cookie: operator.cookie,
        'last-event-id': '0',
      });
      try {
        const all = await resumed.waitFor((got) => got.some((e) => (e.data as ChatMessage).text === NOTE));
        const events = all.filter((e) => e.event === 'message');
        const seqs = events.map((e) => (e.data as ChatMessage).seq);
        assert.deepEqual(
          seqs,
          seqs.map((_, i) => i + 1),
          'every message, once, in order',
        );
        assert.ok(events.some((e) => (e.data as ChatMessage).text === FIRST_WORDS));
        assert.equal(events.find((e) => (e.data as ChatMessage).text === NOTE)?.data && true, true);
        assert.ok(events.some((e) => (e.data as ChatMessage).internal === true));
      } finally {
        resumed.close();
      }
    } finally {
      await goOffline(operator.cookie);
    }
  });

  test('another operator gets 404 on the chat, an analyst 403', async () => {
    const { app, deps } = t();
    const { operator, conversation } = await takenChat();
    try {
      const other = await signInAs(app, deps, { role: 'operateur' });
      const analyst = await signInAs(app, deps, { role: 'analyste' });
      const base = await listenOnce(app);
      const calls = [
        ['GET', `/api/v1/chats/${conversation.id}`, undefined],
        ['POST', `/api/v1/chats/${conversation.id}/messages`, { text: 'Bonjour' }],
      ] as const;
      for (const [method, url, payload] of calls) {
        assert.equal((await agentRequest(app, other.cookie, method, url, payload)).statusCode, 404, url);
        assert.equal((await agentRequest(app, analyst.cookie, method, url, payload)).statusCode, 403, url);
      }
      const unknown = await agentRequest(app, other.cookie, 'GET', `/api/v1/chats/${crypto.randomUUID()}`);
      assert.equal(unknown.statusCode, 404);
      const otherStream = await openStream(`${base}/api/v1/chats/${conversation.id}/events`, {
        cookie: other.cookie,
      });
      otherStream.close();
      assert.equal(otherStream.status, 404);
      const analystStream = await openStream(`${base}/api/v1/chats/${conversation.id}/events`, {
        cookie: analyst.cookie,
      });
      analystStream.close();
      assert.equal(analystStream.status, 403);
      const messages = await deps.db
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', conversation.id)
        .where('author', '=', 'agent')
        .execute();
      assert.equal(messages.length, 0, 'nothing written by the refused');
    } finally {
      await goOffline(operator.cookie);
    }
  });

  async function agentIdOf(username: string): Promise<string> {
    const row = await t()
      .deps.db.selectFrom('agents')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  function operatorPrincipal(id: string) {
    return {
      id,
      username: '',
      role: 'operateur' as const,
      unitIds: [],
      unitCodes: [],
      sessionHash: Buffer.alloc(0),
    };
  }
});
