import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  agentRequest,
  type FiledReport,
  fileReport,
  followUp,
  listenOnce,
  openStream,
  signInAs,
} from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

// What a receipt opens: the follow-up (the report's state, the investigators' questions and the answers
// given since the transmission), never the original account, and nobody else's access.

/** Words of the original account (drugReportText) and of the bot's summary of it. */
const ORIGINAL = [
  'rue Pasteur',
  'Tous les soirs',
  'T-Max',
  'plug_test',
  '06 12 34 56 78',
  'GH 482 KL',
  'GH-482-KL',
];
const QUESTION = 'Pouvez-vous décrire la voiture qui accompagne le scooter ?';
const ANSWER = 'Une Clio grise, elle se gare devant le tabac.';

interface Message {
  seq: number;
  author: string;
  text: string;
}

function assertNoOriginal(text: string, where: string): void {
  for (const words of ORIGINAL) assert.ok(!text.includes(words), `${where} contient « ${words} »`);
}

function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie.join('\n') : String(setCookie);
  const value = /vigie_session=([^;]*)/.exec(header)?.[1];
  assert.ok(value, 'cookie de session attendu');
  return value;
}

describe('the follow-up a receipt opens', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const read = async (id: string, token: string) => {
    return t().app.inject({ url: `/api/v1/conversations/${id}`, headers: bearer(token) });
  };
  const form = (url: string, cookie: string | undefined, payload: Record<string, string> = {}) =>
    t().app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(payload).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ...(cookie && { cookies: { vigie_session: cookie } }),
    });
  const page = (url: string, cookie: string) => t().app.inject({ url, cookies: { vigie_session: cookie } });

  /** A drug report with a photo, transmitted to CROS25 by an operator, and a question from its analyst. */
  async function questioned(): Promise<FiledReport & { submittedSeq: number }> {
    const filed = await fileReport(t().app, t().deps, { photo: true });
    const operator = await signInAs(t().app, t().deps, { role: 'operateur' });
    const moved = await agentRequest(
      t().app,
      operator.cookie,
      'POST',
      `/api/v1/reports/${filed.reportId}/transitions`,
      { to: 'transmitted' },
    );
    assert.equal(moved.statusCode, 200, moved.body);
    const analyst = await signInAs(t().app, t().deps, { role: 'analyste', unit: 'CROS25' });
    const asked = await agentRequest(
      t().app,
      analyst.cookie,
      'POST',
      `/api/v1/reports/${filed.reportId}/messages`,
      { text: QUESTION },
    );
    assert.equal(asked.statusCode, 201, asked.body);
    const row = await t()
      .deps.db.selectFrom('conversations')
      .select('submitted_seq')
      .where('id', '=', filed.conversationId)
      .executeTakeFirstOrThrow();
    assert.ok(row.submitted_seq, 'the submission’s seq is kept');
    return { ...filed, submittedSeq: row.submitted_seq };
  }

  test('the JSON and the SSE stream hold the questions and answers since the transmission, not the account', async () => {
    const filed = await questioned();
    const followup = await followUp(t().app, filed.receipt);
    assert.equal(followup.id, filed.conversationId);

    const before = await read(followup.id, followup.token);
    assert.equal(before.statusCode, 200, before.body);
    assertNoOriginal(before.body, 'le JSON du suivi');
    const view = before.json() as {
      status: string;
      messages: Message[];
      reportStatus: { code: string; label: string };
      attachments: unknown[];
      canSubmit: boolean;
    };
    assert.equal(view.status, 'submitted');
    assert.equal(view.reportStatus.code, 'en_cours');
    assert.deepEqual(view.attachments, [], 'no list of the original photos');
    assert.equal(view.canSubmit, false);
    assert.deepEqual(
      view.messages.map((m) => [m.author, m.text]),
      [['agent', QUESTION]],
    );
    assert.ok(view.messages.every((m) => m.seq > filed.submittedSeq));

    const answered = await t().app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${followup.id}/messages`,
      headers: bearer(followup.token),
      payload: { text: ANSWER },
    });
    assert.equal(answered.statusCode, 201, answered.body);
    assertNoOriginal(answered.body, 'la réponse au message de suivi');
    const after = await read(followup.id, followup.token);
    assertNoOriginal(after.body, 'le JSON du suivi');
    const texts = (after.json() as { messages: Message[] }).messages.map((m) => m.text);
    assert.ok(texts.includes(QUESTION) && texts.includes(ANSWER), texts.join(' | '));

    // The stream from its start (no Last-Event-ID): the same messages, nothing before the submission.
    const base = await listenOnce(t().app);
    const stream = await openStream(
      `${base}/api/v1/conversations/${followup.id}/events`,
      bearer(followup.token),
    );
    try {
      assert.equal(stream.status, 200);
      const events = await stream.waitFor((all) => all.some((e) => (e.data as Message).text === ANSWER));
      const streamed = events.map((e) => e.data as Message);
      assert.ok(
        streamed.some((m) => m.text === QUESTION),
        'the question is streamed',
      );
      assert.ok(
        streamed.some((m) => m.text === ANSWER),
        'the answer is streamed',
      );
      assert.ok(
        streamed.every((m) => m.seq > filed.submittedSeq),
        JSON.stringify(streamed),
      );
      assertNoOriginal(JSON.stringify(streamed), 'le flux du suivi');
    } finally {
      stream.close();
    }
    // Asked for an earlier point explicitly, it gives nothing more.
    const resumed = await openStream(`${base}/api/v1/conversations/${followup.id}/events?lastEventId=1`, {
      ...bearer(followup.token),
      'last-event-id': '1',
    });
    try {
      const events = await resumed.waitFor((all) => all.some((e) => (e.data as Message).text === ANSWER));
      assertNoOriginal(JSON.stringify(events), 'le flux du suivi repris');
      assert.ok(events.every((e) => (e.data as Message).seq > filed.submittedSeq));
    } finally {
      resumed.close();
    }

    // The device that transmitted still sees its whole conversation, the follow-up included.
    const own = await read(filed.conversationId, filed.token);
    assert.equal(own.statusCode, 200, own.body);
    const whole = own.json() as { messages: Message[]; attachments: unknown[] };
    assert.ok(
      whole.messages.some((m) => m.text.includes('rue Pasteur')),
      'the original account',
    );
    assert.ok(whole.messages.some((m) => m.text === QUESTION));
    assert.ok(whole.messages.some((m) => m.text === ANSWER));
    assert.equal(whole.attachments.length, 1);
  });

  test('the no-JavaScript follow-up page says what it is and shows only what follows the transmission', async () => {
    const filed = await questioned();
    const opened = await form('/suivi', undefined, { receipt: filed.receipt });
    assert.equal(opened.statusCode, 303, opened.body);
    const cookie = sessionCookie(opened.headers['set-cookie']);
    const first = await page('/suivi/conversation', cookie);
    assert.equal(first.statusCode, 200);
    assertNoOriginal(first.body, 'la page de suivi');
    assert.match(first.body, /<h1>Suivi de votre signalement<\/h1>/);
    assert.match(first.body, /État de votre signalement&nbsp;: En cours/);
    assert.match(first.body, /Questions des enquêteurs et vos réponses/);
    assert.ok(first.body.includes(QUESTION), 'the question');
    assert.match(first.body, /<textarea[^>]*id="texte"/);
    assert.doesNotMatch(first.body, /vigie-pieces|Photo 1/, 'no list of the original photos');

    const sent = await form('/suivi/message', cookie, { text: ANSWER });
    assert.equal(sent.statusCode, 303);
    const second = await page('/suivi/conversation', cookie);
    assertNoOriginal(second.body, 'la page de suivi');
    assert.ok(second.body.includes(ANSWER));
    // The same session on the other path of the chat shows the same follow-up.
    assertNoOriginal((await page('/signaler/conversation', cookie)).body, 'la page de suivi');

    // The transmitting device's own page still shows the account.
    const own = await t().app.inject({
      url: '/signaler/conversation',
      headers: { cookie: `vigie_session=${filed.conversationId}.${filed.token}` },
    });
    assert.match(own.body, /rue Pasteur/);
  });

  test('« Fermer le suivi » and the quick exit close only the follow-up’s own access', async () => {
    const filed = await questioned();
    const other = await followUp(t().app, filed.receipt);

    // Closing the follow-up (no-JavaScript page): this session only, nothing erased.
    const opened = await form('/suivi', undefined, { receipt: filed.receipt });
    const cookie = sessionCookie(opened.headers['set-cookie']);
    const closed = await form('/suivi/effacer', cookie, { confirmer: 'oui' });
    assert.equal(closed.statusCode, 303);
    assert.equal(closed.headers.location, '/suivi/ferme');
    assert.match(String(closed.headers['set-cookie']), /vigie_session=;/);
    const [id, token] = cookie.split('.') as [string, string];
    assert.equal((await read(id, token)).statusCode, 401, 'the closed follow-up no longer opens');
    assert.equal((await read(filed.conversationId, filed.token)).statusCode, 200, 'the device’s own access');
    assert.equal((await read(other.id, other.token)).statusCode, 200, 'another follow-up');

    // "J'ai noté" sent by a follow-up session closes that session only, too.
    const noting = await form('/suivi', undefined, { receipt: filed.receipt });
    const notingCookie = sessionCookie(noting.headers['set-cookie']);
    const noted = await form('/signaler/recepisse-note', notingCookie, { note: 'oui' });
    assert.equal(noted.statusCode, 303);
    const [, notingToken] = notingCookie.split('.') as [string, string];
    assert.equal((await read(filed.conversationId, notingToken)).statusCode, 401);
    assert.equal((await read(filed.conversationId, filed.token)).statusCode, 200);

    // The quick exit of a follow-up session, with and without JavaScript.
    for (const method of ['GET', 'POST'] as const) {
      const session = await form('/suivi', undefined, { receipt: filed.receipt });
      const exitCookie = sessionCookie(session.headers['set-cookie']);
      const exit = await t().app.inject({ method, url: '/sortie', cookies: { vigie_session: exitCookie } });
      assert.equal(exit.statusCode, method === 'GET' ? 303 : 204);
      assert.equal(exit.headers['clear-site-data'], '"cookies", "storage", "cache"');
      const [, exitToken] = exitCookie.split('.') as [string, string];
      assert.equal((await read(filed.conversationId, exitToken)).statusCode, 401, method);
      assert.equal((await read(filed.conversationId, filed.token)).statusCode, 200, method);
      assert.equal((await read(other.id, other.token)).statusCode, 200, method);
    }

    // The report and the conversation are untouched; the receipt still opens the follow-up.
    const rows = await t()
      .deps.db.selectFrom('conversations')
      .select('status')
      .where('id', '=', filed.conversationId)
      .executeTakeFirstOrThrow();
    assert.equal(rows.status, 'submitted');
    const again = await followUp(t().app, filed.receipt);
    assert.equal((await read(again.id, again.token)).statusCode, 200);
    const tokens = await t()
      .deps.db.selectFrom('conversation_tokens')
      .select('scope')
      .where('conversation_id', '=', filed.conversationId)
      .execute();
    assert.deepEqual(tokens.map((row) => row.scope).sort(), ['conversation', 'followup', 'followup']);
  });

  test('the transmitting device leaving still closes every access (the receipt still opens it)', async () => {
    const filed = await questioned();
    const other = await followUp(t().app, filed.receipt);
    const left = await form('/signaler/recepisse-note', `${filed.conversationId}.${filed.token}`, {
      note: 'oui',
    });
    assert.equal(left.statusCode, 303);
    assert.equal(left.headers.location, '/signaler/termine');
    assert.equal((await read(filed.conversationId, filed.token)).statusCode, 401);
    assert.equal((await read(other.id, other.token)).statusCode, 401);
    const again = await followUp(t().app, filed.receipt);
    assert.equal((await read(again.id, again.token)).statusCode, 200);
  });

  test('the quick exit asks the browser to clear the site’s data, unless another site sent there', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const exit = await t().app.inject({ method, url: '/sortie' });
      assert.equal(exit.headers['clear-site-data'], '"cookies", "storage", "cache"', method);
    }
    const linked = await t().app.inject({ url: '/sortie', headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(linked.statusCode, 303);
    assert.equal(linked.headers['clear-site-data'], undefined);
  });
});
