import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createAgent } from '../../src/agents/create-agent.ts';
import { currentTotp } from '../../src/agents/totp.ts';
import { DEFAULT_CHAT_SETTINGS } from '../../src/livechat/chat-settings.ts';
import { handBackAbandonedChats } from '../../src/livechat/hand-back-abandoned.ts';
import { agentRequest, listenOnce, openStream, type SseEvent, signInAs } from '../support/agent-client.ts';
import {
  type ChatItem,
  chatTranscript,
  listChatItems,
  queueConversation,
  citizenMessages as readCitizenMessages,
  setPresence,
} from '../support/livechat-inject.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

interface CannedAnswer {
  id: string;
  shortcut: string;
  title: string;
  body: string;
}

const FIRST_WORDS = 'Mon voisin du 12 rue Pasteur à Besançon frappe sa femme, je l’entends tous les soirs.';
const TRANSFER_REASON = 'Je termine mon service, collègue prévenu.';

/**
 * The operators' tools around a chat, against PostgreSQL: the transfer to another operator, canned
 * answers, the administrator's settings (the cap, the idle time before away), chats handed back with a
 * note, and the console's live queue. The tests run in order on one database and share its queue: each
 * leaves its operators away or offline and the queue empty, and puts the settings back.
 */
describe('live chat: transfer, canned answers, settings, handing back, the queue stream', {
  skip: needsDatabase,
}, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  const queuedConversation = (text?: string) => queueConversation(t().app, t().deps, text);
  const chatIds = async (cookie: string, state: 'queued' | 'mine') =>
    (await listChatItems(t().app, cookie, state)).map((item) => item.conversationId);
  const presence = (cookie: string, status: 'online' | 'away' | 'offline') =>
    setPresence(t().app, cookie, status);
  const transcript = (cookie: string, conversationId: string) =>
    chatTranscript(t().app, cookie, conversationId);
  const citizenMessages = (conversation: { id: string; token: string }) =>
    readCitizenMessages(t().app, conversation);

  async function presenceSeen(cookie: string) {
    const response = await agentRequest(t().app, cookie, 'GET', '/api/v1/agent/presence');
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { status: string; awayAfterMinutes: number };
  }

  async function messageCount(conversationId: string): Promise<number> {
    const rows = await t()
      .deps.db.selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .execute();
    return rows.length;
  }

  async function auditOf(filter: { action?: string; objectId?: string; objectType?: string }) {
    let query = t().deps.db.selectFrom('audit_log').select(['action', 'detail', 'actor_id', 'object_id']);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
    if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
    return query.orderBy('id').execute();
  }

  const errorOf = (response: LightMyRequestResponse) =>
    (response.json() as { error: { code: string; message: string } }).error;

  async function putSettings(cookie: string, settings: unknown) {
    return agentRequest(t().app, cookie, 'PUT', '/api/v1/admin/chat-settings', settings);
  }

  async function restoreSettings(cookie: string) {
    const restored = await putSettings(cookie, DEFAULT_CHAT_SETTINGS);
    assert.equal(restored.statusCode, 200, restored.body);
  }

  /** One operator account signed in twice (two browsers): the second code is the next TOTP step's. */
  async function operatorSignedInTwice(): Promise<{ username: string; cookies: [string, string] }> {
    const { app, deps } = t();
    const username = `operateur-deux-${randomBytes(3).toString('hex')}`;
    const password = `Sel-de-Salins-${randomBytes(6).toString('hex')}`;
    const created = await createAgent(deps, { username, role: 'operateur', unitCodes: [], password });
    const signIn = async (at: Date) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password, totp: currentTotp(created.totpSecret, at) },
      });
      assert.equal(response.statusCode, 200, response.body);
      const value = response.cookies.find((c) => c.name === 'vigie_console')?.value;
      assert.ok(value);
      return `vigie_console=${value}`;
    };
    const now = deps.now().getTime();
    return { username, cookies: [await signIn(new Date(now)), await signIn(new Date(now + 30_000))] };
  }

  test('transfer to another operator: the chat moves with a note the citizen never sees; refusals change nothing', async () => {
    const { app, deps } = t();
    const a = await signInAs(app, deps, { role: 'operateur' });
    const b = await signInAs(app, deps, { role: 'operateur' });
    const offline = await signInAs(app, deps, { role: 'operateur' });
    const neverPresent = await signInAs(app, deps, { role: 'operateur' });
    const analyst = await signInAs(app, deps, { role: 'analyste' });
    const transfer = (cookie: string, conversationId: string, body: unknown) =>
      agentRequest(app, cookie, 'POST', `/api/v1/chats/${conversationId}/transfer`, body);
    try {
      await presence(a.cookie, 'online');
      const first = await queuedConversation(FIRST_WORDS);
      const second = await queuedConversation();
      assert.deepEqual(
        (await chatIds(a.cookie, 'mine')).sort(),
        [first.id, second.id].sort(),
        'A, alone online, gets both',
      );
      await presence(b.cookie, 'online');
      await presence(offline.cookie, 'offline');
      assert.deepEqual(await chatIds(b.cookie, 'mine'), []);

      // Refused: unknown, offline, never present, oneself, not an operator. Nothing changes.
      const messagesBefore = await messageCount(first.id);
      for (const target of [
        'inconnu-au-bataillon',
        offline.username,
        neverPresent.username,
        a.username,
        analyst.username,
      ]) {
        const refused = await transfer(a.cookie, first.id, { agent: target, reason: 'Essai' });
        assert.equal(refused.statusCode, 409, `${target}: ${refused.body}`);
        assert.equal(errorOf(refused).code, 'operator_unavailable', target);
        assert.match(errorOf(refused).message, /opérateur/);
      }
      assert.ok((await chatIds(a.cookie, 'mine')).includes(first.id), 'still A’s');
      assert.deepEqual(await chatIds(b.cookie, 'mine'), []);
      assert.equal(await messageCount(first.id), messagesBefore, 'no note written');
      assert.deepEqual(await auditOf({ action: 'chat.transferred' }), []);
      // Somebody else's chat cannot be transferred either.
      const stolen = await transfer(b.cookie, first.id, { agent: b.username });
      assert.equal(stolen.statusCode, 404, stolen.body);

      const moved = await transfer(a.cookie, first.id, { agent: b.username, reason: TRANSFER_REASON });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual(moved.json(), { conversationId: first.id, agent: b.username });
      assert.deepEqual(await chatIds(b.cookie, 'mine'), [first.id]);
      assert.deepEqual(await chatIds(a.cookie, 'mine'), [second.id]);
      assert.ok(!(await chatIds(a.cookie, 'queued')).includes(first.id), 'never back in the queue');
      const gone = await agentRequest(app, a.cookie, 'GET', `/api/v1/chats/${first.id}`);
      assert.equal(gone.statusCode, 404, gone.body);
      const write = await agentRequest(app, a.cookie, 'POST', `/api/v1/chats/${first.id}/messages`, {
        text: 'Encore moi.',
      });
      assert.equal(write.statusCode, 404, write.body);

      // B reads the whole transcript, with the note naming who, to whom and why.
      const messages = await transcript(b.cookie, first.id);
      assert.ok(messages.some((m) => m.author === 'citizen' && m.text === FIRST_WORDS));
      const note = messages.filter((m) => m.internal).at(-1);
      assert.equal(
        note?.text,
        `Conversation transférée par ${a.username} à ${b.username} : ${TRANSFER_REASON}`,
      );
      assert.equal(note?.internal, true);
      assert.equal(note?.author, 'agent');
      // The note, and for the citizen that another officer answers now (without a name).
      assert.equal(await messageCount(first.id), messagesBefore + 2);

      // The citizen's conversation goes on, without the note.
      const seen = await citizenMessages(first);
      assert.ok(seen.some((m) => m.text === FIRST_WORDS));
      assert.ok(!seen.some((m) => m.id === note?.id || /transférée|collègue/.test(m.text)), 'no note');
      assert.ok(!JSON.stringify(seen).includes(b.username) && !JSON.stringify(seen).includes(a.username));

      const audit = await auditOf({ action: 'chat.transferred', objectId: first.id });
      assert.equal(audit.length, 1);
      assert.deepEqual(
        audit.map((row) => (row.detail as { reasoned: boolean }).reasoned),
        [true],
      );
      assert.ok(!JSON.stringify(audit).includes('collègue'), 'no reason in the trail');

      // B full (the cap counts the transferred chat): a transfer to B is refused and nothing moves.
      await presence(a.cookie, 'away');
      const third = await queuedConversation();
      const fourth = await queuedConversation();
      assert.deepEqual(
        (await chatIds(b.cookie, 'mine')).sort(),
        [first.id, third.id, fourth.id].sort(),
        'B, alone online, gets the next two',
      );
      assert.equal((await chatIds(b.cookie, 'mine')).length, DEFAULT_CHAT_SETTINGS.maxChatsPerOperator);
      const full = await transfer(a.cookie, second.id, { agent: b.username });
      assert.equal(full.statusCode, 409, full.body);
      assert.equal(errorOf(full).code, 'operator_unavailable');
      assert.deepEqual(await chatIds(a.cookie, 'mine'), [second.id]);
      assert.equal((await chatIds(b.cookie, 'mine')).length, DEFAULT_CHAT_SETTINGS.maxChatsPerOperator);
      // An away operator (present) may receive a transfer: B gives one back to A, their username typed
      // as a phone's keyboard may write it (usernames are lower-case, as at sign-in).
      const typed = ` ${a.username.charAt(0).toUpperCase()}${a.username.slice(1)} `;
      const back = await transfer(b.cookie, third.id, { agent: typed });
      assert.equal(back.statusCode, 200, back.body);
      const noReason = (await transcript(a.cookie, third.id)).filter((m) => m.internal).at(-1);
      assert.equal(noReason?.text, `Conversation transférée par ${b.username} à ${a.username}.`);
      assert.deepEqual(await chatIds(a.cookie, 'queued'), [], 'nothing left waiting');
    } finally {
      // Away: they keep their chats (the queue stays empty) and get no new one.
      await presence(a.cookie, 'away');
      await presence(b.cookie, 'away');
    }
  });

  test('canned answers: the administrator writes them, audited without their text; operators read them', async () => {
    const { app, deps } = t();
    const admin = await signInAs(app, deps, { role: 'admin' });
    const operator = await signInAs(app, deps, { role: 'operateur' });
    const create = (cookie: string, body: unknown) =>
      agentRequest(app, cookie, 'POST', '/api/v1/admin/canned-answers', body);
    const listed = async () => {
      const response = await agentRequest(app, operator.cookie, 'GET', '/api/v1/canned-answers');
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { items: CannedAnswer[] }).items;
    };
    const welcome = 'Bonjour, je suis policier de la plateforme. Êtes-vous en sécurité en ce moment ?';
    const hello = 'Bonjour, un policier vous répond. Pouvez-vous parler librement ?';
    const bye = 'Merci pour votre signalement. Vous pouvez revenir avec votre récépissé.';

    const created = await create(admin.cookie, { shortcut: '/Accueil', title: ' Accueil ', body: welcome });
    assert.equal(created.statusCode, 201, created.body);
    const answer = created.json() as CannedAnswer;
    assert.match(answer.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(answer, { id: answer.id, shortcut: 'accueil', title: 'Accueil', body: welcome });

    const duplicate = await create(admin.cookie, {
      shortcut: 'accueil',
      title: 'Autre',
      body: 'Autre texte.',
    });
    assert.equal(duplicate.statusCode, 409, duplicate.body);
    assert.match(errorOf(duplicate).message, /\/accueil existe déjà/);
    for (const shortcut of ['Avec espace', 'réponse', '-tiret', 'x'.repeat(31)]) {
      const invalid = await create(admin.cookie, { shortcut, title: 'Titre', body: 'Texte.' });
      assert.equal(invalid.statusCode, 400, `${shortcut}: ${invalid.body}`);
      assert.equal(errorOf(invalid).code, 'invalid_input');
      assert.match(errorOf(invalid).message, /raccourci.*minuscules sans accent/, shortcut);
    }
    const blank = await create(admin.cookie, { shortcut: 'vide', title: 'Vide', body: '   ' });
    assert.equal(blank.statusCode, 400, blank.body);
    assert.match(errorOf(blank).message, /texte est vide/);

    // Operators read them; they cannot write them.
    assert.deepEqual(await listed(), [answer]);
    const byOperator = await create(operator.cookie, { shortcut: 'pirate', title: 'Pirate', body: 'Non.' });
    assert.equal(byOperator.statusCode, 403, byOperator.body);
    const editByOperator = await agentRequest(
      app,
      operator.cookie,
      'PUT',
      `/api/v1/admin/canned-answers/${answer.id}`,
      { shortcut: 'pirate', title: 'Pirate', body: 'Non.' },
    );
    assert.equal(editByOperator.statusCode, 403, editByOperator.body);
    const deleteByOperator = await agentRequest(
      app,
      operator.cookie,
      'DELETE',
      `/api/v1/admin/canned-answers/${answer.id}`,
    );
    assert.equal(deleteByOperator.statusCode, 403, deleteByOperator.body);
    assert.deepEqual(await listed(), [answer], 'nothing changed');

    const updated = await agentRequest(
      app,
      admin.cookie,
      'PUT',
      `/api/v1/admin/canned-answers/${answer.id}`,
      {
        shortcut: 'bonjour',
        title: 'Bonjour',
        body: hello,
      },
    );
    assert.equal(updated.statusCode, 200, updated.body);
    assert.deepEqual(updated.json(), { id: answer.id, shortcut: 'bonjour', title: 'Bonjour', body: hello });
    const other = await create(admin.cookie, { shortcut: 'fin', title: 'Fin', body: bye });
    assert.equal(other.statusCode, 201, other.body);
    const end = other.json() as CannedAnswer;
    const clash = await agentRequest(app, admin.cookie, 'PUT', `/api/v1/admin/canned-answers/${end.id}`, {
      shortcut: 'bonjour',
      title: 'Fin',
      body: bye,
    });
    assert.equal(clash.statusCode, 409, clash.body);
    const missing = await agentRequest(
      app,
      admin.cookie,
      'PUT',
      `/api/v1/admin/canned-answers/${crypto.randomUUID()}`,
      { shortcut: 'ailleurs', title: 'Ailleurs', body: 'Texte.' },
    );
    assert.equal(missing.statusCode, 404, missing.body);
    assert.deepEqual(
      (await listed()).map((item) => item.shortcut),
      ['bonjour', 'fin'],
    );

    const removed = await agentRequest(
      app,
      admin.cookie,
      'DELETE',
      `/api/v1/admin/canned-answers/${answer.id}`,
    );
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(removed.json(), { deleted: true });
    const again = await agentRequest(
      app,
      admin.cookie,
      'DELETE',
      `/api/v1/admin/canned-answers/${answer.id}`,
    );
    assert.equal(again.statusCode, 404, again.body);
    assert.deepEqual(await listed(), [end]);
    const adminList = await agentRequest(app, admin.cookie, 'GET', '/api/v1/admin/canned-answers');
    assert.deepEqual(adminList.json(), { items: [end] });

    // One record per change, in the administrator's name, with the shortcut and never the text.
    const trail = await auditOf({ objectType: 'canned_answer' });
    assert.deepEqual(
      trail.map((row) => [row.action, row.object_id]),
      [
        ['canned_answer.created', answer.id],
        ['canned_answer.updated', answer.id],
        ['canned_answer.created', end.id],
        ['canned_answer.deleted', answer.id],
      ],
    );
    const adminId = (
      await deps.db
        .selectFrom('agents')
        .select('id')
        .where('username', '=', admin.username)
        .executeTakeFirstOrThrow()
    ).id;
    assert.ok(trail.every((row) => row.actor_id === adminId));
    assert.deepEqual(trail[0]?.detail, { shortcut: 'accueil' });
    const written = JSON.stringify(trail);
    for (const text of [welcome, hello, bye, 'policier', 'récépissé']) {
      assert.ok(!written.includes(text), `no text in the trail: ${text}`);
    }
  });

  test('settings: the administrator sets the cap and the idle time; bad values change nothing; the cap binds the assignment', async () => {
    const { app, deps } = t();
    const admin = await signInAs(app, deps, { role: 'admin' });
    const operator = await signInAs(app, deps, { role: 'operateur' });
    const read = async () => {
      const response = await agentRequest(app, admin.cookie, 'GET', '/api/v1/admin/chat-settings');
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as unknown;
    };
    try {
      assert.deepEqual(await read(), DEFAULT_CHAT_SETTINGS);
      const saved = await putSettings(admin.cookie, { maxChatsPerOperator: 1, awayAfterMinutes: 2 });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual(saved.json(), { maxChatsPerOperator: 1, awayAfterMinutes: 2 });
      assert.deepEqual(await read(), { maxChatsPerOperator: 1, awayAfterMinutes: 2 });

      for (const bad of [
        { maxChatsPerOperator: 0, awayAfterMinutes: 2 },
        { maxChatsPerOperator: 21, awayAfterMinutes: 2 },
        { maxChatsPerOperator: 1, awayAfterMinutes: 0 },
        { maxChatsPerOperator: 1, awayAfterMinutes: 241 },
        { maxChatsPerOperator: 1.5, awayAfterMinutes: 2 },
        { maxChatsPerOperator: '2', awayAfterMinutes: 2 },
        { maxChatsPerOperator: 2 },
      ]) {
        const refused = await putSettings(admin.cookie, bad);
        assert.equal(refused.statusCode, 400, `${JSON.stringify(bad)}: ${refused.body}`);
      }
      const byOperator = await putSettings(operator.cookie, { maxChatsPerOperator: 5, awayAfterMinutes: 5 });
      assert.equal(byOperator.statusCode, 403, byOperator.body);
      assert.deepEqual(await read(), { maxChatsPerOperator: 1, awayAfterMinutes: 2 }, 'nothing changed');
      const audit = await auditOf({ action: 'settings.changed' });
      assert.equal(audit.length, 1);
      assert.deepEqual(audit[0]?.detail, { maxChatsPerOperator: 1, awayAfterMinutes: 2 });

      // Cap 1: of three conversations, the only online operator gets one, the others wait.
      await presence(operator.cookie, 'online');
      const queued = [await queuedConversation(), await queuedConversation(), await queuedConversation()];
      assert.deepEqual(await chatIds(operator.cookie, 'mine'), [queued[0]?.id]);
      assert.deepEqual(await chatIds(operator.cookie, 'queued'), [queued[1]?.id, queued[2]?.id]);

      // Back to the default cap: the next assignment (the operator acting again) gives them the rest.
      await restoreSettings(admin.cookie);
      await presence(operator.cookie, 'online');
      assert.deepEqual((await chatIds(operator.cookie, 'mine')).sort(), queued.map((c) => c.id).sort());
      assert.deepEqual(await chatIds(operator.cookie, 'queued'), []);
    } finally {
      await presence(operator.cookie, 'away');
      await restoreSettings(admin.cookie);
    }
  });

  test('idle: an online operator who does nothing for longer than the setting counts as away and gets no chat', async () => {
    const { app, deps } = t();
    const admin = await signInAs(app, deps, { role: 'admin' });
    const operator = await signInAs(app, deps, { role: 'operateur' });
    try {
      const saved = await putSettings(admin.cookie, { maxChatsPerOperator: 3, awayAfterMinutes: 2 });
      assert.equal(saved.statusCode, 200, saved.body);
      await presence(operator.cookie, 'online');
      const start = Date.now();
      assert.deepEqual(await presenceSeen(operator.cookie), { status: 'online', awayAfterMinutes: 2 });
      // Well within the session's own idle limit (15 minutes): only the presence changes.
      t().setNow(new Date(start + 60_000));
      assert.equal((await presenceSeen(operator.cookie)).status, 'online', 'one minute: still online');
      t().setNow(new Date(start + 3 * 60_000));
      assert.deepEqual(await presenceSeen(operator.cookie), { status: 'away', awayAfterMinutes: 2 });
      // Reading the lists or the presence is no activity: still away.
      const waiting = await queuedConversation();
      assert.deepEqual(await chatIds(operator.cookie, 'mine'), [], 'not assigned to an idle operator');
      assert.deepEqual(await chatIds(operator.cookie, 'queued'), [waiting.id]);
      assert.equal((await presenceSeen(operator.cookie)).status, 'away');

      // They act (online again): the waiting conversation is theirs.
      await presence(operator.cookie, 'online');
      assert.deepEqual(await chatIds(operator.cookie, 'mine'), [waiting.id]);
      assert.deepEqual(await chatIds(operator.cookie, 'queued'), []);
      assert.equal((await presenceSeen(operator.cookie)).status, 'online');
    } finally {
      await presence(operator.cookie, 'away');
      t().setNow(null);
      await restoreSettings(admin.cookie);
    }
  });

  test('going offline hands the chats back with a note for the next operator, never for the citizen', async () => {
    const { app, deps } = t();
    const leaving = await signInAs(app, deps, { role: 'operateur' });
    const next = await signInAs(app, deps, { role: 'operateur' });
    await presence(leaving.cookie, 'online');
    const conversation = await queuedConversation(FIRST_WORDS);
    assert.deepEqual(await chatIds(leaving.cookie, 'mine'), [conversation.id]);
    await presence(leaving.cookie, 'offline');
    assert.deepEqual(await chatIds(leaving.cookie, 'mine'), []);
    assert.deepEqual(await chatIds(next.cookie, 'queued'), [conversation.id], 'back in the queue');
    const gone = await agentRequest(app, leaving.cookie, 'GET', `/api/v1/chats/${conversation.id}`);
    assert.equal(gone.statusCode, 404, gone.body);

    const taken = await agentRequest(app, next.cookie, 'POST', `/api/v1/chats/${conversation.id}/take`);
    assert.equal(taken.statusCode, 200, taken.body);
    const messages = await transcript(next.cookie, conversation.id);
    assert.ok(
      messages.some((m) => m.text === FIRST_WORDS),
      'nothing of the conversation lost',
    );
    const note = messages.filter((m) => m.internal).at(-1);
    assert.equal(note?.author, 'system');
    assert.equal(note?.internal, true);
    assert.match(note?.text ?? '', /rendue à la file.*passé hors ligne/);
    const seen = await citizenMessages(conversation);
    assert.ok(!seen.some((m) => m.id === note?.id || /rendue à la file/.test(m.text)), 'no note');
    // The citizen is told, without a name: back in line, then an officer again.
    assert.ok(seen.some((m) => m.author === 'bot' && /de nouveau en file d’attente/.test(m.text)));
    assert.ok(seen.some((m) => m.author === 'bot' && /a rejoint la conversation/.test(m.text)));
    const audit = await auditOf({ action: 'chat.released', objectId: conversation.id });
    assert.equal(audit.length, 1);
    assert.deepEqual(
      audit.map((row) => (row.detail as { reason: string }).reason),
      ['offline'],
    );
  });

  test('signing out of one of two sessions keeps the chats; signing out of the last hands them back', async () => {
    const { app, deps } = t();
    const twice = await operatorSignedInTwice();
    const [firstSession, secondSession] = twice.cookies;
    const next = await signInAs(app, deps, { role: 'operateur' });
    await presence(firstSession, 'online');
    const conversation = await queuedConversation(FIRST_WORDS);
    assert.deepEqual(await chatIds(secondSession, 'mine'), [conversation.id]);

    const logout = await agentRequest(app, firstSession, 'POST', '/api/v1/auth/logout');
    assert.equal(logout.statusCode, 200, logout.body);
    const ended = await agentRequest(app, firstSession, 'GET', '/api/v1/chats?state=mine');
    assert.equal(ended.statusCode, 401, 'that session is over');
    assert.deepEqual(await chatIds(secondSession, 'mine'), [conversation.id], 'kept');
    assert.deepEqual(await chatIds(secondSession, 'queued'), []);
    assert.equal((await presenceSeen(secondSession)).status, 'online');
    assert.deepEqual(await auditOf({ action: 'chat.released', objectId: conversation.id }), []);

    const last = await agentRequest(app, secondSession, 'POST', '/api/v1/auth/logout');
    assert.equal(last.statusCode, 200, last.body);
    assert.deepEqual(await chatIds(next.cookie, 'queued'), [conversation.id], 'handed back');
    const row = await deps.db
      .selectFrom('agent_presence as p')
      .innerJoin('agents as a', 'a.id', 'p.agent_id')
      .select('p.status')
      .where('a.username', '=', twice.username)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'offline');

    const taken = await agentRequest(app, next.cookie, 'POST', `/api/v1/chats/${conversation.id}/take`);
    assert.equal(taken.statusCode, 200, taken.body);
    const note = (await transcript(next.cookie, conversation.id)).filter((m) => m.internal).at(-1);
    assert.equal(note?.author, 'system');
    assert.equal(note?.internal, true);
    assert.match(note?.text ?? '', /rendue à la file.*déconnecté/);
    assert.ok(!(await citizenMessages(conversation)).some((m) => /rendue à la file/.test(m.text)));
    const audit = await auditOf({ action: 'chat.released', objectId: conversation.id });
    assert.deepEqual(
      audit.map((r) => (r.detail as { reason: string }).reason),
      ['signed_out'],
    );
  });

  test('a second session left idle past its limit does not keep the chats at sign-out', async () => {
    const { app, deps } = t();
    const start = Date.now();
    t().setNow(new Date(start));
    const twice = await operatorSignedInTwice();
    const [idle, active] = twice.cookies;
    let conversation: { id: string; token: string } | undefined;
    try {
      await presence(active, 'online');
      conversation = await queuedConversation();
      // The active browser is used at +10 min; the other one was left at the start.
      t().setNow(new Date(start + 10 * 60_000));
      assert.deepEqual(await chatIds(active, 'mine'), [conversation.id]);
      t().setNow(new Date(start + 20 * 60_000));
      const expired = await agentRequest(app, idle, 'GET', '/api/v1/chats?state=mine');
      assert.equal(expired.statusCode, 401, 'the idle session no longer signs anyone in');
      const logout = await agentRequest(app, active, 'POST', '/api/v1/auth/logout');
      assert.equal(logout.statusCode, 200, logout.body);
      const row = await deps.db
        .selectFrom('conversations')
        .select(['status', 'assigned_agent_id'])
        .where('id', '=', conversation.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'waiting_agent', assigned_agent_id: null }, 'handed back');
      const presenceRow = await deps.db
        .selectFrom('agent_presence as p')
        .innerJoin('agents as a', 'a.id', 'p.agent_id')
        .select('p.status')
        .where('a.username', '=', twice.username)
        .executeTakeFirstOrThrow();
      assert.equal(presenceRow.status, 'offline');
    } finally {
      t().setNow(null);
      // Leave nobody online and the queue empty, whatever happened (after a logout: a 401, ignored).
      for (const cookie of [active, idle]) {
        await agentRequest(app, cookie, 'PUT', '/api/v1/agent/presence', { status: 'offline' });
      }
      if (conversation) {
        const drain = await signInAs(app, deps, { role: 'operateur' });
        for (const id of await chatIds(drain.cookie, 'queued')) {
          const taken = await agentRequest(app, drain.cookie, 'POST', `/api/v1/chats/${id}/take`);
          assert.equal(taken.statusCode, 200, taken.body);
        }
      }
    }
  });

  test('the queue stream: the lists at once, then again when a citizen joins the queue or a chat is assigned', async () => {
    const { app, deps } = t();
    const operator = await signInAs(app, deps, { role: 'operateur' });
    const base = await listenOnce(app);
    const stream = await openStream(`${base}/api/v1/chats/events`, { cookie: operator.cookie });
    type Lists = { queued: ChatItem[]; mine: ChatItem[] };
    const lists = (events: SseEvent[]) =>
      events.filter((e) => e.event === 'chats').map((e) => e.data as Lists);
    const has = (items: ChatItem[], id: string) => items.some((item) => item.conversationId === id);
    try {
      assert.equal(stream.status, 200);
      assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
      const opened = lists(await stream.waitFor((events) => lists(events).length > 0));
      assert.deepEqual(opened[0], { queued: [], mine: [] });

      // Nobody online: the conversation waits, and the console hears of it without asking.
      const waiting = await queuedConversation();
      const afterJoin = lists(
        await stream.waitFor((events) => lists(events).some((l) => has(l.queued, waiting.id))),
      );
      const joined = afterJoin.find((l) => has(l.queued, waiting.id));
      assert.deepEqual(joined?.mine, []);

      const taken = await agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${waiting.id}/take`);
      assert.equal(taken.statusCode, 200, taken.body);
      const afterTake = lists(
        await stream.waitFor((events) =>
          lists(events).some((l) => has(l.mine, waiting.id) && !has(l.queued, waiting.id)),
        ),
      );
      assert.ok(afterTake.some((l) => has(l.mine, waiting.id) && l.queued.length === 0));

      // Online: the next conversation is assigned to them and arrives in `mine`.
      await presence(operator.cookie, 'online');
      const assigned = await queuedConversation();
      const afterAssign = lists(
        await stream.waitFor((events) => lists(events).some((l) => has(l.mine, assigned.id))),
      );
      const last = afterAssign.find((l) => has(l.mine, assigned.id));
      assert.deepEqual(
        last?.mine.map((item) => item.conversationId).sort(),
        [waiting.id, assigned.id].sort(),
      );
      assert.ok(last?.mine.every((item) => item.agent === operator.username));
      assert.deepEqual(last?.queued, []);
    } finally {
      stream.close();
      await presence(operator.cookie, 'away');
    }
  });

  test('an operator gone without signing out: their chats go back to the queue once the session idled out', async () => {
    const { app, deps } = t();
    const operator = await signInAs(app, deps, { role: 'operateur' });
    const conversation = await queuedConversation();
    try {
      const taken = await agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${conversation.id}/take`);
      assert.equal(taken.statusCode, 200, taken.body);
      // Still signed in (the session is alive): the sweep leaves the chat alone.
      assert.equal(await handBackAbandonedChats(deps), 0);
      assert.deepEqual(await chatIds(operator.cookie, 'mine'), [conversation.id]);
      // The browser was closed: 16 minutes later the session has idled out.
      t().setNow(new Date(Date.now() + 16 * 60_000));
      // (Other tests' operators, idle as well by then, hand theirs back too.)
      assert.ok((await handBackAbandonedChats(deps)) >= 1);
      t().setNow(null);
      const next = await signInAs(app, deps, { role: 'operateur' });
      assert.ok((await chatIds(next.cookie, 'queued')).includes(conversation.id));
      const took = await agentRequest(app, next.cookie, 'POST', `/api/v1/chats/${conversation.id}/take`);
      assert.equal(took.statusCode, 200, took.body);
      const note = (await transcript(next.cookie, conversation.id)).filter((m) => m.internal).at(-1);
      assert.equal(note?.internal, true);
      assert.match(note?.text ?? '', /n’est plus connecté/);
      assert.ok(!(await citizenMessages(conversation)).some((m) => /n’est plus connecté/.test(m.text)));
      await presence(next.cookie, 'offline');
    } finally {
      t().setNow(null);
    }
  });
});
