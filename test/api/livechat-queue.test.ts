import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { disableAgent } from '../../src/agents/disable-agent.ts';
import { buildApp } from '../../src/app.ts';
import { DEFAULT_CHAT_SETTINGS } from '../../src/livechat/chat-settings.ts';

const MAX_CHATS_PER_OPERATOR = DEFAULT_CHAT_SETTINGS.maxChatsPerOperator;

import { agentRequest, signInAs } from '../support/agent-client.ts';
import { listChatItems, queueConversation, setPresence } from '../support/livechat-inject.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

/**
 * Live chat, first part: presence, the queue and assignment, against PostgreSQL. The tests run in order
 * on one database and share its queue: each leaves every operator it put online offline again.
 */
describe('live chat: presence, queue, assignment', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  const queuedConversation = (text?: string) => queueConversation(t().app, t().deps, text);
  const chats = (cookie: string, state: 'queued' | 'mine') => listChatItems(t().app, cookie, state);
  const presence = (cookie: string, status: 'online' | 'away' | 'offline') =>
    setPresence(t().app, cookie, status);

  test('presence: round trip, operators only', async () => {
    const { app, deps } = t();
    const operator = await signInAs(app, deps, { role: 'operateur' });
    await presence(operator.cookie, 'online');
    await presence(operator.cookie, 'away');
    const row = await deps.db
      .selectFrom('agent_presence as p')
      .innerJoin('agents as a', 'a.id', 'p.agent_id')
      .select('p.status')
      .where('a.username', '=', operator.username)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'away');
    await presence(operator.cookie, 'offline');
    const analyst = await signInAs(app, deps, { role: 'analyste' });
    const refused = await agentRequest(app, analyst.cookie, 'PUT', '/api/v1/agent/presence', {
      status: 'online',
    });
    assert.equal(refused.statusCode, 403);
    assert.equal((await agentRequest(app, analyst.cookie, 'GET', '/api/v1/chats')).statusCode, 403);
    const bad = await agentRequest(app, operator.cookie, 'PUT', '/api/v1/agent/presence', { status: 'busy' });
    assert.equal(bad.statusCode, 400);
  });

  test('automatic assignment: least-loaded online operator, at most 3 chats each; offline and sign-out hand them back', async () => {
    const { app, deps } = t();
    const a = await signInAs(app, deps, { role: 'operateur' });
    const b = await signInAs(app, deps, { role: 'operateur' });
    const c = await signInAs(app, deps, { role: 'operateur' });
    assert.deepEqual(await chats(a.cookie, 'queued'), [], 'the queue starts empty');

    await presence(a.cookie, 'online');
    await queuedConversation();
    await queuedConversation();
    assert.equal((await chats(a.cookie, 'mine')).length, 2, 'A, alone online, gets both');

    await presence(b.cookie, 'online');
    assert.equal((await chats(b.cookie, 'mine')).length, 0);
    await queuedConversation();
    await queuedConversation();
    assert.equal((await chats(b.cookie, 'mine')).length, 2, 'B, the least loaded, gets the next two');
    await queuedConversation();
    await queuedConversation();
    const extra = await queuedConversation();
    assert.equal((await chats(a.cookie, 'mine')).length, MAX_CHATS_PER_OPERATOR);
    assert.equal((await chats(b.cookie, 'mine')).length, MAX_CHATS_PER_OPERATOR);
    const queued = await chats(a.cookie, 'queued');
    assert.deepEqual(
      queued.map((item) => item.conversationId),
      [extra.id],
      'beyond the cap, the conversation waits',
    );

    // A goes offline: their chats go back to the queue; B is full, so they wait.
    const mineOfA = (await chats(a.cookie, 'mine')).map((item) => item.conversationId);
    await presence(a.cookie, 'offline');
    assert.deepEqual(await chats(a.cookie, 'mine'), []);
    const afterOffline = (await chats(a.cookie, 'queued')).map((item) => item.conversationId);
    assert.equal(afterOffline.length, 4);
    for (const id of mineOfA) assert.ok(afterOffline.includes(id), 'handed back to the queue');

    // B signs out: their chats go back to the queue too.
    const logout = await agentRequest(app, b.cookie, 'POST', '/api/v1/auth/logout');
    assert.equal(logout.statusCode, 200, logout.body);
    assert.equal((await chats(a.cookie, 'queued')).length, 7);

    // C comes online and gets three, the longest waiting first.
    await presence(c.cookie, 'online');
    const mineOfC = await chats(c.cookie, 'mine');
    assert.equal(mineOfC.length, MAX_CHATS_PER_OPERATOR);
    assert.equal((await chats(c.cookie, 'queued')).length, 4);
    const statuses = await deps.db
      .selectFrom('conversations')
      .select(['status', 'assigned_agent_id'])
      .where(
        'id',
        'in',
        mineOfC.map((item) => item.conversationId),
      )
      .execute();
    assert.ok(statuses.every((row) => row.status === 'with_agent' && row.assigned_agent_id));

    // A disabled operator's chats go back to the queue as well.
    await disableAgent(deps, { username: c.username });
    assert.equal((await chats(a.cookie, 'queued')).length, 7);

    // Leave the queue empty for the next tests.
    const drain = await signInAs(app, deps, { role: 'operateur' });
    for (const item of await chats(drain.cookie, 'queued')) {
      const taken = await agentRequest(
        app,
        drain.cookie,
        'POST',
        `/api/v1/chats/${item.conversationId}/take`,
      );
      assert.equal(taken.statusCode, 200, taken.body);
    }
  });

  test('queue order: danger first, then the longest waiting', async () => {
    const { app, deps } = t();
    const operator = await signInAs(app, deps, { role: 'operateur' });
    const start = Date.now();
    const at = async (minutesAgo: number, text?: string) => {
      t().setNow(new Date(start - minutesAgo * 60_000));
      try {
        return await queuedConversation(text);
      } finally {
        t().setNow(null);
      }
    };
    const oldest = await at(3);
    const middle = await at(2);
    const danger = await at(1, 'Au secours, il me frappe en ce moment');
    const items = await chats(operator.cookie, 'queued');
    const ids = items.map((item) => item.conversationId);
    assert.deepEqual(ids, [danger.id, oldest.id, middle.id]);
    assert.equal(items[0]?.danger, true);
    assert.equal(items[1]?.danger, false);
    assert.ok(items.every((item) => item.waitingSince && item.agent === undefined));
    // Leave the queue empty.
    for (const id of ids) {
      const taken = await agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${id}/take`);
      assert.equal(taken.statusCode, 200, taken.body);
    }
  });

  test('take: 200, then 409 already_taken for another operator; not in the queue: 404; audited', async () => {
    const { app, deps } = t();
    const first = await signInAs(app, deps, { role: 'operateur' });
    const second = await signInAs(app, deps, { role: 'operateur' });
    const conversation = await queuedConversation();

    const citizenView = async () => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversation.id}`,
        headers: { authorization: `Bearer ${conversation.token}` },
      });
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { status: string }).status;
    };
    assert.equal(await citizenView(), 'waiting_agent');

    const taken = await agentRequest(app, first.cookie, 'POST', `/api/v1/chats/${conversation.id}/take`);
    assert.equal(taken.statusCode, 200, taken.body);
    assert.deepEqual(taken.json(), { conversationId: conversation.id, agent: first.username });
    assert.equal(await citizenView(), 'with_agent');

    const again = await agentRequest(app, second.cookie, 'POST', `/api/v1/chats/${conversation.id}/take`);
    assert.equal(again.statusCode, 409, again.body);
    assert.equal((again.json() as { error: { code: string } }).error.code, 'already_taken');
    const mine = await chats(first.cookie, 'mine');
    assert.deepEqual(
      mine.map((item) => [item.conversationId, item.agent]),
      [[conversation.id, first.username]],
    );

    const started = await app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
    const open = started.json() as { id: string };
    const notQueued = await agentRequest(app, first.cookie, 'POST', `/api/v1/chats/${open.id}/take`);
    assert.equal(notQueued.statusCode, 404, notQueued.body);

    const audit = await deps.db
      .selectFrom('audit_log')
      .select(['action', 'detail', 'unit_ids'])
      .where('object_id', '=', conversation.id)
      .where('action', '=', 'chat.taken')
      .execute();
    assert.equal(audit.length, 1);
    const platform = await deps.db
      .selectFrom('units')
      .select('id')
      .where('kind', '=', 'plateforme')
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit[0]?.unit_ids, [platform.id]);
  });

  /** Two operators take the same conversation at the same instant, 50 times: exactly one wins each time. */
  async function raceTakes(apps: [ReturnType<typeof t>['app'], ReturnType<typeof t>['app']]) {
    const { app, deps } = t();
    const first = await signInAs(app, deps, { role: 'operateur' });
    const second = await signInAs(app, deps, { role: 'operateur' });
    const conversations = [];
    for (let i = 0; i < 50; i++) conversations.push(await queuedConversation());
    for (const conversation of conversations) {
      const url = `/api/v1/chats/${conversation.id}/take`;
      const responses = await Promise.all([
        agentRequest(apps[0], first.cookie, 'POST', url),
        agentRequest(apps[1], second.cookie, 'POST', url),
      ]);
      const statuses = responses.map((response) => response.statusCode).sort();
      assert.deepEqual(statuses, [200, 409], responses.map((r) => r.body).join(' / '));
      const loser = responses.find((response) => response.statusCode === 409);
      assert.equal((loser?.json() as { error: { code: string } } | undefined)?.error.code, 'already_taken');
      const row = await deps.db
        .selectFrom('conversations as c')
        .innerJoin('agents as a', 'a.id', 'c.assigned_agent_id')
        .select(['c.status', 'a.username'])
        .where('c.id', '=', conversation.id)
        .executeTakeFirstOrThrow();
      const winner = responses.find((response) => response.statusCode === 200);
      assert.equal(row.status, 'with_agent');
      assert.equal(row.username, (winner?.json() as { agent: string } | undefined)?.agent);
    }
  }

  test('concurrency: two operators take at the same instant, 50 times, exactly one wins', async () => {
    await raceTakes([t().app, t().app]);
  });

  test('concurrency: the same through two app instances on the same database', async () => {
    // A second app over the same database stands for another server process: nothing but PostgreSQL
    // decides who wins (test/crash starts real processes for the citizen path).
    const other = await buildApp(t().deps);
    try {
      await raceTakes([t().app, other]);
    } finally {
      await other.close();
    }
  });
});
