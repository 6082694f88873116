import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestOfficer } from '../../src/livechat/request-officer.ts';
import { agentRequest, drugReportText, signInAs } from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

interface ChatFact {
  key: string;
  type: string;
  value: string;
  status: string;
  messageId: string | null;
}
interface FicheFact {
  type: string;
  value: string;
  status: string;
  original?: { value: string };
}

/**
 * Closing a chat into a report, against PostgreSQL: the operator's corrections on the live fiche become
 * the report's fact revisions, the report enters part 2a's triage, and the citizen's own device (and
 * only it) derives its receipt, which is never stored in a message nor shown to the officer.
 */
describe('live chat: closing into a report', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  async function takenChat(category?: string, firstWords = drugReportText('Besançon')) {
    const { app, deps } = t();
    const operator = await signInAs(app, deps, { role: 'operateur' });
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: category ? { category } : {},
    });
    assert.equal(started.statusCode, 201, started.body);
    const conversation = started.json() as { id: string; token: string };
    const auth = { authorization: `Bearer ${conversation.token}` };
    const written = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: auth,
      payload: { text: firstWords },
    });
    assert.equal(written.statusCode, 201, written.body);
    await requestOfficer(deps, { conversationId: conversation.id, token: conversation.token });
    const taken = await agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${conversation.id}/take`);
    assert.equal(taken.statusCode, 200, taken.body);
    return { operator, conversation, auth };
  }

  const citizenView = async (conversation: { id: string }, auth: Record<string, string>) => {
    const response = await t().app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}`,
      headers: auth,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { status: string; receiptReady: boolean; messages: { text: string }[] };
  };

  test('the live fiche’s corrections, the close, the receipt on the citizen’s device only', async () => {
    const { app } = t();
    const { operator, conversation, auth } = await takenChat('stupefiants');
    const chat = (
      await agentRequest(app, operator.cookie, 'GET', `/api/v1/chats/${conversation.id}`)
    ).json() as {
      facts: ChatFact[];
    };
    const plate = chat.facts.find((fact) => fact.type === 'plate');
    const phone = chat.facts.find((fact) => fact.type === 'phone');
    assert.ok(plate && phone, JSON.stringify(chat.facts));
    assert.equal(plate.status, 'extracted');

    const edit = (body: unknown) =>
      agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${conversation.id}/facts`, body);
    assert.equal((await edit({ action: 'edit', key: plate.key, value: 'GH-482-KM' })).statusCode, 200);
    assert.equal((await edit({ action: 'remove', key: phone.key })).statusCode, 200);
    const added = await edit({
      action: 'add',
      type: 'clothing',
      value: 'survêtement rouge',
      messageId: plate.messageId,
    });
    assert.equal(added.statusCode, 200, added.body);
    const live = (added.json() as { facts: ChatFact[] }).facts;
    assert.equal(live.find((fact) => fact.key === plate.key)?.value, 'GH-482-KM');
    assert.equal(live.find((fact) => fact.key === phone.key)?.status, 'removed');
    assert.ok(live.some((fact) => fact.status === 'added' && fact.value === 'survêtement rouge'));
    // Bad input changes nothing.
    const unknown = await edit({ action: 'confirm', key: 'inconnu' });
    assert.equal(unknown.statusCode, 404, unknown.body);
    const badType = await edit({ action: 'add', type: 'arme-secrete', value: 'x' });
    assert.equal(badType.statusCode, 400, badType.body);

    const closed = await agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${conversation.id}/close`);
    assert.equal(closed.statusCode, 200, closed.body);
    const { reportId, status } = closed.json() as { reportId: string; status: string };
    assert.equal(status, 'received');

    // Part 2a's fiche holds the operator's corrections as revisions, the extracted original beside.
    const fiche = await agentRequest(app, operator.cookie, 'GET', `/api/v1/reports/${reportId}`);
    assert.equal(fiche.statusCode, 200, fiche.body);
    const facts = (fiche.json() as { facts: FicheFact[] }).facts;
    const ficheplate = facts.find((fact) => fact.type === 'plate');
    assert.equal(ficheplate?.status, 'edited');
    assert.equal(ficheplate?.value, 'GH-482-KM');
    assert.equal(ficheplate?.original?.value, plate.value);
    assert.equal(facts.find((fact) => fact.type === 'phone')?.status, 'removed');
    assert.ok(facts.some((fact) => fact.status === 'added' && fact.value === 'survêtement rouge'));

    // The chat is over: no more messages from the operator, no second close.
    const again = await agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${conversation.id}/close`);
    assert.equal(again.statusCode, 409, again.body);
    const late = await agentRequest(
      app,
      operator.cookie,
      'POST',
      `/api/v1/chats/${conversation.id}/messages`,
      {
        text: 'Encore une chose',
      },
    );
    assert.equal(late.statusCode, 409, late.body);
    // Nor reading it through the chat any more: it is a report, read on its fiche by whoever holds it.
    const reread = await agentRequest(app, operator.cookie, 'GET', `/api/v1/chats/${conversation.id}`);
    assert.equal(reread.statusCode, 409, reread.body);

    // The citizen is told in the chat; the receipt waits for their device.
    const view = await citizenView(conversation, auth);
    assert.equal(view.status, 'submitted');
    assert.equal(view.receiptReady, true);
    assert.match(view.messages.at(-1)?.text ?? '', /transmis votre signalement/);
    const first = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/receipt`,
      headers: auth,
    });
    assert.equal(first.statusCode, 200, first.body);
    const { receipt, shownAgain } = first.json() as { receipt: string; shownAgain: boolean };
    assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    assert.equal(shownAgain, false);
    assert.equal((await citizenView(conversation, auth)).receiptReady, false);
    const reload = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/receipt`,
      headers: auth,
    });
    assert.deepEqual(reload.json(), { receipt, shownAgain: true });

    // Never in a message, never on the officer's side; and it opens the follow-up like any receipt.
    const transcript = await agentRequest(app, operator.cookie, 'GET', `/api/v1/reports/${reportId}`);
    assert.ok(!transcript.body.includes(receipt));
    assert.ok(!JSON.stringify(await citizenView(conversation, auth)).includes(receipt));
    const followup = await app.inject({ method: 'POST', url: '/api/v1/followup', payload: { receipt } });
    assert.equal(followup.statusCode, 200, followup.body);
    // A follow-up session opened with the receipt cannot obtain it again.
    const opened = followup.json() as { id: string; token: string };
    const other = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${opened.id}/receipt`,
      headers: { authorization: `Bearer ${opened.token}` },
    });
    assert.equal(other.statusCode, 409, other.body);
  });

  test('words written to the officer are no answer to the bot’s question: only their facts are kept', async () => {
    const { app } = t();
    const { operator, conversation, auth } = await takenChat('stupefiants');
    const facts = async () =>
      (
        (await agentRequest(app, operator.cookie, 'GET', `/api/v1/chats/${conversation.id}`)).json() as {
          facts: ChatFact[];
        }
      ).facts;
    const before = await facts();
    for (const text of ['Bonjour, vous êtes là ?', 'Merci beaucoup.']) {
      const sent = await app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers: auth,
        payload: { text },
      });
      assert.equal(sent.statusCode, 201, sent.body);
      assert.deepEqual(
        (sent.json() as { messages: { author: string }[] }).messages.map((m) => m.author),
        ['citizen'],
        'the bot stays quiet',
      );
    }
    assert.deepEqual(await facts(), before, 'a greeting is no fact');
    const plate = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: auth,
      payload: { text: 'Le scooter blanc est repassé, immatriculé AB-123-CD.' },
    });
    assert.equal(plate.statusCode, 201, plate.body);
    const after = await facts();
    assert.ok(
      after.some((fact) => fact.type === 'plate' && fact.value === 'AB-123-CD'),
      JSON.stringify(after),
    );
    assert.ok(!after.some((fact) => fact.type === 'price' && !before.some((b) => b.key === fact.key)));
  });

  test('the no-JavaScript chat page shows the receipt after the officer closed', async () => {
    const { app } = t();
    const { operator, conversation } = await takenChat('stupefiants');
    const closed = await agentRequest(app, operator.cookie, 'POST', `/api/v1/chats/${conversation.id}/close`);
    assert.equal(closed.statusCode, 200, closed.body);
    const cookie = `vigie_session=${conversation.id}.${conversation.token}`;
    const page = await app.inject({ method: 'GET', url: '/signaler/conversation', headers: { cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Le policier de la plateforme a terminé la conversation/);
    const receipt = /data-recepisse="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(receipt);
    assert.equal(page.headers['cache-control'], 'no-store');
    const reload = await app.inject({ method: 'GET', url: '/signaler/conversation', headers: { cookie } });
    assert.match(reload.body, new RegExp(`data-recepisse="${receipt}"`));
    assert.match(reload.body, /voici de nouveau votre récépissé/);
  });

  test('a chat whose category the bot never learnt needs the operator’s', async () => {
    const { app } = t();
    const { operator, conversation } = await takenChat(undefined, 'Bonjour, je voudrais parler à quelqu’un.');
    const url = `/api/v1/chats/${conversation.id}/close`;
    const refused = await agentRequest(app, operator.cookie, 'POST', url);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.body, /catégorie/);
    const closed = await agentRequest(app, operator.cookie, 'POST', url, { category: 'stupefiants' });
    assert.equal(closed.statusCode, 200, closed.body);
  });

  test('transfer to a unit: the report is transmitted there with the reason, the CROS analyst sees it', async () => {
    const { app, deps } = t();
    const { operator, conversation, auth } = await takenChat('stupefiants');
    const noReason = await agentRequest(
      app,
      operator.cookie,
      'POST',
      `/api/v1/chats/${conversation.id}/transfer`,
      {
        unit: 'CROS25',
        reason: '',
      },
    );
    assert.equal(noReason.statusCode, 400, noReason.body);
    const badUnit = await agentRequest(
      app,
      operator.cookie,
      'POST',
      `/api/v1/chats/${conversation.id}/transfer`,
      {
        unit: 'NULLE',
        reason: 'Essai',
      },
    );
    assert.equal(badUnit.statusCode, 400, badUnit.body);
    assert.equal((await citizenView(conversation, auth)).status, 'with_agent', 'nothing changed');

    const moved = await agentRequest(
      app,
      operator.cookie,
      'POST',
      `/api/v1/chats/${conversation.id}/transfer`,
      {
        unit: 'CROS25',
        reason: 'Point de deal déjà suivi par la cellule.',
      },
    );
    assert.equal(moved.statusCode, 200, moved.body);
    const { reportId, status } = moved.json() as { reportId: string; status: string };
    assert.equal(status, 'transmitted');
    const analyst = await signInAs(app, deps, { role: 'analyste', unit: 'CROS25' });
    const seen = await agentRequest(app, analyst.cookie, 'GET', `/api/v1/reports/${reportId}`);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.equal((await citizenView(conversation, auth)).receiptReady, true);
  });
});
