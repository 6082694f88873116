import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  agentRequest,
  type FiledReport,
  fileReport,
  followUp,
  listenOnce,
  openStream,
  REPORT_PHONE,
  REPORT_PLATE,
  signInAs,
} from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

interface ListItem {
  id: string;
  status: string;
  category: string;
  commune: string | null;
  departement: string | null;
  unit: string | null;
  createdAt: string;
}
interface Fact {
  id: string;
  type: string;
  value: string;
  text: string;
  messageId: string | null;
  status: string;
  original?: { value: string; text: string };
}
interface Fiche {
  id: string;
  status: string;
  category: string;
  unit: string | null;
  suggestedUnit: string | null;
  urgency: string;
  grading?: { reliability: string | null; credibility: number | null };
  place: { address: string | null };
  rejectionMotive: string | null;
  facts: Fact[];
  messages: { id: string; author: string; text: string }[];
  attachments: { id: string; mime: string; bytes: number }[];
  history: { from: string | null; to: string; unit: string | null; reason: string | null }[];
}

describe('agent API on reports', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  const signIn = (role: 'operateur' | 'analyste' | 'superviseur' | 'admin', unit?: string) =>
    signInAs(t().app, t().deps, { role, unit });
  const request = (cookie: string, method: string, url: string, payload?: unknown) =>
    agentRequest(t().app, cookie, method, url, payload);
  const file = (options: { commune?: string; photo?: boolean } = {}) =>
    fileReport(t().app, t().deps, options);

  async function list(cookie: string): Promise<ListItem[]> {
    const response = await request(cookie, 'GET', '/api/v1/reports');
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { items: ListItem[] }).items;
  }
  async function fiche(cookie: string, reportId: string): Promise<Fiche> {
    const response = await request(cookie, 'GET', `/api/v1/reports/${reportId}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as Fiche;
  }
  async function transition(cookie: string, reportId: string, body: object, status = 200) {
    const response = await request(cookie, 'POST', `/api/v1/reports/${reportId}/transitions`, body);
    assert.equal(response.statusCode, status, `${JSON.stringify(body)} → ${response.body}`);
    return response;
  }
  /** An operator transmits the report where the routing table says (Besançon → CROS25). */
  async function transmitted(filed: FiledReport): Promise<FiledReport> {
    const operator = await signIn('operateur');
    await transition(operator.cookie, filed.reportId, { to: 'transmitted' });
    return filed;
  }

  test('the platform sees a new report in its inbox and its fiche; the unit does not, yet', async () => {
    const filed = await file({ photo: true });
    const operator = await signIn('operateur');
    const analyst = await signIn('analyste', 'CROS25');

    const item = (await list(operator.cookie)).find((i) => i.id === filed.reportId);
    assert.ok(item, 'the report is in the platform’s inbox');
    assert.equal(item.status, 'received');
    assert.equal(item.category, 'stupefiants');
    assert.equal(item.commune, '25056');
    assert.equal(item.departement, '25');
    assert.equal(typeof item.departement, 'string');
    assert.equal(item.unit, 'PNAV');
    assert.ok(!Number.isNaN(Date.parse(item.createdAt)));

    // Before transmission, the unit the routing table suggests knows nothing of it.
    const hidden = await request(analyst.cookie, 'GET', `/api/v1/reports/${filed.reportId}`);
    assert.equal(hidden.statusCode, 404, hidden.body);
    assert.ok(!(await list(analyst.cookie)).some((i) => i.id === filed.reportId));

    const view = await fiche(operator.cookie, filed.reportId);
    assert.equal(view.status, 'received');
    assert.equal(view.unit, 'PNAV');
    assert.equal(view.suggestedUnit, 'CROS25');
    const plate = view.facts.find((f) => f.type === 'plate');
    const phone = view.facts.find((f) => f.type === 'phone');
    assert.equal(plate?.value, REPORT_PLATE, 'the plate is normalized (written "GH 482 KL")');
    assert.equal(phone?.value, REPORT_PHONE, 'the phone is normalized (written "06 12 34 56 78")');
    assert.equal(plate?.messageId, filed.describedMessageId);
    const messageIds = new Set(view.messages.map((m) => m.id));
    for (const fact of view.facts) {
      assert.ok(
        fact.messageId && messageIds.has(fact.messageId),
        `fact ${fact.type} → a message of the fiche`,
      );
    }
    assert.ok(view.messages.find((m) => m.id === filed.describedMessageId)?.text.includes('GH 482 KL'));
    assert.deepEqual(
      view.attachments.map((a) => a.id),
      [filed.attachmentId],
    );
    assert.equal(view.attachments[0]?.mime, 'image/png');
  });

  test('transmission moves the report from the platform to the unit, and only to it', async () => {
    const filed = await file();
    const operator = await signIn('operateur');
    const analyst25 = await signIn('analyste', 'CROS25');
    const analyst39 = await signIn('analyste', 'CROS39');

    const response = await transition(operator.cookie, filed.reportId, { to: 'transmitted' });
    assert.deepEqual(response.json(), { status: 'transmitted' });

    const gone = await request(operator.cookie, 'GET', `/api/v1/reports/${filed.reportId}`);
    assert.equal(gone.statusCode, 404);
    assert.ok(!(await list(operator.cookie)).some((i) => i.id === filed.reportId));

    const item = (await list(analyst25.cookie)).find((i) => i.id === filed.reportId);
    assert.equal(item?.status, 'transmitted');
    assert.equal(item?.unit, 'CROS25');
    const view = await fiche(analyst25.cookie, filed.reportId);
    assert.equal(view.unit, 'CROS25');
    assert.equal(view.history.at(-1)?.to, 'transmitted');

    // Another unit: the same 404 as a report that does not exist.
    const other = await request(analyst39.cookie, 'GET', `/api/v1/reports/${filed.reportId}`);
    const unknown = await request(analyst39.cookie, 'GET', `/api/v1/reports/${randomUUID()}`);
    assert.equal(other.statusCode, 404);
    assert.equal(other.body, unknown.body);
    assert.ok(!(await list(analyst39.cookie)).some((i) => i.id === filed.reportId));

    // Another unit than the routing table's needs a reason.
    const overridden = await file();
    const refused = await transition(
      operator.cookie,
      overridden.reportId,
      { to: 'transmitted', unit: 'CROS39' },
      400,
    );
    assert.equal(refused.json().error.code, 'invalid_input');
    assert.equal((await fiche(operator.cookie, overridden.reportId)).status, 'received');
    await transition(operator.cookie, overridden.reportId, {
      to: 'transmitted',
      unit: 'CROS39',
      reason: 'Le point de deal est à la limite du Jura, suivi par Dole',
    });
    const held = await fiche(analyst39.cookie, overridden.reportId);
    assert.equal(held.unit, 'CROS39');
    assert.equal(held.status, 'transmitted');
    assert.equal(held.history.at(-1)?.unit, 'CROS39');
    assert.match(held.history.at(-1)?.reason ?? '', /Jura/);
    const row = await t()
      .deps.db.selectFrom('reports as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select('u.code')
      .where('r.id', '=', overridden.reportId)
      .executeTakeFirstOrThrow();
    assert.equal(row.code, 'CROS39');
    assert.equal(
      (await request(analyst25.cookie, 'GET', `/api/v1/reports/${overridden.reportId}`)).statusCode,
      404,
    );

    // The recipient's supervisor reads the transmission in its trail (not the reason's text); the unit
    // the routing table suggested, which never held the report, reads nothing of it.
    const supervisor39 = await signIn('superviseur', 'CROS39');
    const supervisor25 = await signIn('superviseur', 'CROS25');
    const trail = await request(supervisor39.cookie, 'GET', `/api/v1/audit?reportId=${overridden.reportId}`);
    assert.equal(trail.statusCode, 200, trail.body);
    const transmission = (trail.json().items as { action: string; detail: Record<string, unknown> }[]).find(
      (i) => i.action === 'report.transmitted',
    );
    assert.deepEqual(
      { ...transmission?.detail },
      { from: 'received', to: 'transmitted', recipient: 'CROS39', routed: false, reasoned: true },
    );
    assert.ok(!trail.body.includes('Jura'));
    const elsewhere = await request(
      supervisor25.cookie,
      'GET',
      `/api/v1/audit?reportId=${overridden.reportId}`,
    );
    assert.deepEqual(elsewhere.json().items, []);
  });

  test('the state machine: roles, refused moves and rejection motives', async () => {
    const filed = await file();
    const operator = await signIn('operateur');
    const analyst = await signIn('analyste', 'CROS25');

    // The platform never examines: a role refusal (403), not a state refusal.
    const forbidden = await transition(operator.cookie, filed.reportId, { to: 'in_review' }, 403);
    assert.equal(forbidden.json().error.code, 'forbidden');
    await transition(operator.cookie, filed.reportId, { to: 'transmitted' });

    for (const to of ['in_review', 'action_immediate', 'closed']) {
      const response = await transition(analyst.cookie, filed.reportId, { to });
      assert.deepEqual(response.json(), { status: to });
    }
    const closed = await fiche(analyst.cookie, filed.reportId);
    assert.equal(closed.status, 'closed');
    assert.deepEqual(closed.history.map((h) => h.to).slice(-4), [
      'transmitted',
      'in_review',
      'action_immediate',
      'closed',
    ]);
    const refused = await transition(analyst.cookie, filed.reportId, { to: 'in_review' }, 409);
    const error = refused.json().error;
    assert.equal(error.code, 'transition_refused');
    assert.ok(error.message.length > 10);
    await transition(analyst.cookie, filed.reportId, { to: 'nimporte' }, 400);
    // A closed report takes no more questions nor qualification.
    const question = await request(analyst.cookie, 'POST', `/api/v1/reports/${filed.reportId}/messages`, {
      text: 'Encore une question ?',
    });
    assert.equal(question.statusCode, 409, question.body);
    const qualification = await request(
      analyst.cookie,
      'PATCH',
      `/api/v1/reports/${filed.reportId}/qualification`,
      { urgency: 'immediate' },
    );
    assert.equal(qualification.statusCode, 409, qualification.body);

    // A rejection needs a motive.
    const rejected = await file();
    const noMotive = await transition(operator.cookie, rejected.reportId, { to: 'rejected' }, 400);
    assert.equal(noMotive.json().error.code, 'invalid_input');
    assert.equal((await fiche(operator.cookie, rejected.reportId)).status, 'received');
    await transition(operator.cookie, rejected.reportId, { to: 'rejected', reason: 'doublon' });
    const view = await fiche(operator.cookie, rejected.reportId);
    assert.equal(view.status, 'rejected');
    assert.equal(view.rejectionMotive, 'doublon');
    assert.equal(view.history.at(-1)?.to, 'rejected');
    await transition(operator.cookie, rejected.reportId, { to: 'transmitted' }, 409);

    // The unit may reject too, with a motive given as such.
    const unitRejected = await transmitted(await file());
    await transition(analyst.cookie, unitRejected.reportId, { to: 'rejected', motive: 'non_pertinent' });
    assert.equal((await fiche(analyst.cookie, unitRejected.reportId)).rejectionMotive, 'non_pertinent');
  });

  test('a question reaches the reporter without the officer’s name, and the answer reaches the unit', async () => {
    const filed = await transmitted(await file());
    const analyst = await signIn('analyste', 'CROS25');
    const base = await listenOnce(t().app);
    const inbox = await openStream(`${base}/api/v1/reports/events`, { cookie: analyst.cookie });
    const otherUnit = await signIn('analyste', 'CROS39');
    const otherInbox = await openStream(`${base}/api/v1/reports/events`, { cookie: otherUnit.cookie });
    try {
      assert.equal(inbox.status, 200);
      assert.match(inbox.headers.get('content-type') ?? '', /^text\/event-stream/);

      const question = 'Pouvez-vous décrire la voiture qui accompagne le scooter ?';
      const asked = await request(analyst.cookie, 'POST', `/api/v1/reports/${filed.reportId}/messages`, {
        text: question,
      });
      assert.equal(asked.statusCode, 201, asked.body);
      assert.equal(asked.json().message.author, 'agent');

      const citizen = await followUp(t().app, filed.receipt);
      assert.equal(citizen.id, filed.conversationId);
      const read = async () => {
        const response = await t().app.inject({
          method: 'GET',
          url: `/api/v1/conversations/${citizen.id}`,
          headers: { authorization: `Bearer ${citizen.token}` },
        });
        assert.equal(response.statusCode, 200, response.body);
        return response;
      };
      const seen = await read();
      const fromAgent = (seen.json().messages as { author: string; text: string }[]).find(
        (m) => m.author === 'agent',
      );
      assert.equal(fromAgent?.text, question);
      assert.deepEqual(Object.keys(fromAgent ?? {}).sort(), ['at', 'author', 'id', 'seq', 'text']);
      for (const needle of [analyst.username, 'analyste', 'agentId', 'agent_id', 'CROS25', 'PNAV']) {
        assert.ok(!seen.body.includes(needle), `the citizen’s JSON names ${needle}`);
      }

      const answer = 'la voiture est une Clio grise AB-123-CD';
      const answered = await t().app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${citizen.id}/messages`,
        headers: { authorization: `Bearer ${citizen.token}` },
        payload: { text: answer },
      });
      assert.equal(answered.statusCode, 201, answered.body);
      const answerId = answered.json().messages[0].id as string;

      const view = await fiche(analyst.cookie, filed.reportId);
      assert.equal(view.messages.find((m) => m.id === answerId)?.text, answer);
      const plate = view.facts.find((f) => f.value === 'AB-123-CD');
      assert.ok(plate, 'the plate of the answer is a fact');
      assert.equal(plate.type, 'plate');
      assert.equal(plate.messageId, answerId);

      const after = await read();
      assert.equal(after.json().reportStatus.code, 'en_cours');
      for (const needle of ['CROS25', 'transmitted', 'in_review', analyst.username]) {
        assert.ok(!after.body.includes(needle), `the citizen’s JSON names ${needle}`);
      }

      const events = await inbox.waitFor((all) =>
        all.some(
          (e) =>
            e.event === 'inbox' &&
            (e.data as { kind: string; reportId: string }).kind === 'report.replied' &&
            (e.data as { reportId: string }).reportId === filed.reportId,
        ),
      );
      const replied = events.find((e) => (e.data as { kind: string }).kind === 'report.replied');
      assert.ok(replied, `inbox events: ${JSON.stringify(events)}`);
      const data = replied.data as { item?: { id: string; unit: string }; reportId: string };
      assert.equal(data.item?.unit, 'CROS25');
      assert.ok(!JSON.stringify(events).includes('AB-123-CD'), 'the inbox carries no content');
      // Another unit's inbox hears nothing of it.
      const elsewhere = await otherInbox.waitFor(() => false, 500);
      assert.ok(!JSON.stringify(elsewhere).includes(filed.reportId), JSON.stringify(elsewhere));
    } finally {
      inbox.close();
      otherInbox.close();
    }
  });

  test('qualification and fact work show on the fiche and are audited without content', async () => {
    const filed = await transmitted(await file());
    const analyst = await signIn('analyste', 'CROS25');
    const supervisor = await signIn('superviseur', 'CROS25');
    const address = '14 rue des Granges, Besançon';

    const qualified = await request(
      analyst.cookie,
      'PATCH',
      `/api/v1/reports/${filed.reportId}/qualification`,
      {
        category: 'autre',
        urgency: 'elevee',
        grading: { reliability: 'B', credibility: 2 },
        place: { address },
      },
    );
    assert.equal(qualified.statusCode, 200, qualified.body);
    assert.deepEqual(qualified.json().changed.sort(), ['category', 'grading', 'place', 'urgency']);
    let view = await fiche(analyst.cookie, filed.reportId);
    assert.equal(view.category, 'autre');
    assert.equal(view.urgency, 'elevee');
    assert.deepEqual(view.grading, { reliability: 'B', credibility: 2 });
    assert.equal(view.place.address, address);

    const plate = view.facts.find((f) => f.type === 'plate') as Fact;
    const phone = view.facts.find((f) => f.type === 'phone') as Fact;
    const edited = await request(
      analyst.cookie,
      'PATCH',
      `/api/v1/reports/${filed.reportId}/facts/${plate.id}`,
      {
        action: 'edit',
        value: 'GH-483-KL',
      },
    );
    assert.equal(edited.statusCode, 200, edited.body);
    const removed = await request(
      analyst.cookie,
      'PATCH',
      `/api/v1/reports/${filed.reportId}/facts/${phone.id}`,
      {
        action: 'remove',
      },
    );
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().fact.status, 'removed');
    view = await fiche(analyst.cookie, filed.reportId);
    const plateNow = view.facts.find((f) => f.id === plate.id);
    assert.equal(plateNow?.value, 'GH-483-KL');
    assert.equal(plateNow?.status, 'edited');
    assert.equal(plateNow?.original?.value, REPORT_PLATE);
    assert.equal(view.facts.find((f) => f.id === phone.id)?.status, 'removed');

    const audit = await request(supervisor.cookie, 'GET', `/api/v1/audit?reportId=${filed.reportId}`);
    assert.equal(audit.statusCode, 200, audit.body);
    const items = audit.json().items as {
      action: string;
      objectId: string;
      detail: Record<string, unknown>;
    }[];
    assert.ok(items.every((i) => i.objectId === filed.reportId));
    const actions = items.map((i) => i.action);
    assert.ok(actions.includes('report.qualified'), actions.join());
    assert.equal(actions.filter((a) => a === 'report.fact_changed').length, 2, actions.join());
    assert.ok(actions.includes('report.transmitted'), actions.join());
    assert.ok(actions.includes('report.viewed'), actions.join());
    const json = JSON.stringify(items);
    for (const secret of [
      REPORT_PLATE,
      'GH-483-KL',
      REPORT_PHONE,
      '06 12 34 56 78',
      'Granges',
      'rue Pasteur',
      'plug_test',
      'guetteur',
    ]) {
      assert.ok(!json.includes(secret), `the audit trail holds « ${secret} »`);
    }
    // The analyst is no supervisor: the audit trail is not theirs to read.
    assert.equal((await request(analyst.cookie, 'GET', '/api/v1/audit')).statusCode, 403);
  });

  test('a photo is downloaded by the unit as an inert attachment, never by another unit', async () => {
    const filed = await transmitted(await file({ photo: true }));
    const analyst25 = await signIn('analyste', 'CROS25');
    const analyst39 = await signIn('analyste', 'CROS39');
    const url = `/api/v1/reports/${filed.reportId}/attachments/${filed.attachmentId}`;

    const response = await request(analyst25.cookie, 'GET', url);
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-disposition']), /^attachment\b/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.match(String(response.headers['content-security-policy']), /\bsandbox\b/);
    assert.equal(response.headers['content-type'], 'image/png');
    assert.deepEqual([...response.rawPayload.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

    const other = await request(analyst39.cookie, 'GET', url);
    assert.equal(other.statusCode, 404);
    assert.ok(!other.rawPayload.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
    const unknown = await request(
      analyst25.cookie,
      'GET',
      `/api/v1/reports/${filed.reportId}/attachments/${randomUUID()}`,
    );
    assert.equal(unknown.statusCode, 404);
  });

  test('no cross-access: between citizens, from a citizen to the console, between units', async () => {
    const a = await transmitted(await file({ commune: 'Besançon', photo: true }));
    const b = await transmitted(await file({ commune: 'Dole' }));
    const citizenA = await followUp(t().app, a.receipt);
    const citizenB = await followUp(t().app, b.receipt);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    // Citizen B's own token works; A's does not open B's conversation.
    const own = await t().app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${b.conversationId}`,
      headers: bearer(citizenB.token),
    });
    assert.equal(own.statusCode, 200);
    for (const [method, url, payload] of [
      ['GET', `/api/v1/conversations/${b.conversationId}`],
      ['POST', `/api/v1/conversations/${b.conversationId}/messages`, { text: 'Je complète : AA-111-AA' }],
    ] as const) {
      const response = await t().app.inject({
        method,
        url,
        headers: bearer(citizenA.token),
        ...(payload && { payload }),
      });
      assert.equal(response.statusCode, 401, `${method} ${url}`);
    }
    // A citizen's credentials (bearer or cookie) open nothing on the console.
    for (const headers of [
      bearer(citizenA.token),
      { cookie: `vigie_session=${a.conversationId}.${citizenA.token}` },
    ]) {
      for (const url of ['/api/v1/reports', `/api/v1/reports/${a.reportId}`]) {
        const response = await t().app.inject({ method: 'GET', url, headers });
        assert.equal(response.statusCode, 401, `${url} with ${Object.keys(headers)}`);
      }
    }

    // The Jura unit sees its own report and nothing of the Doubs one.
    const analyst39 = await signIn('analyste', 'CROS39');
    const analyst25 = await signIn('analyste', 'CROS25');
    assert.ok((await list(analyst39.cookie)).some((i) => i.id === b.reportId));
    assert.ok(!(await list(analyst39.cookie)).some((i) => i.id === a.reportId));
    const search = await request(
      analyst39.cookie,
      'GET',
      `/api/v1/reports?q=${encodeURIComponent(REPORT_PLATE)}`,
    );
    assert.ok(!(search.json().items as ListItem[]).some((i) => i.id === a.reportId));
    const plate = (await fiche(analyst25.cookie, a.reportId)).facts.find((f) => f.type === 'plate') as Fact;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/reports/${a.reportId}`],
      ['GET', `/api/v1/reports/${a.reportId}/events`],
      ['POST', `/api/v1/reports/${a.reportId}/transitions`, { to: 'in_review' }],
      ['POST', `/api/v1/reports/${a.reportId}/messages`, { text: 'Une question' }],
      ['PATCH', `/api/v1/reports/${a.reportId}/qualification`, { urgency: 'immediate' }],
      ['POST', `/api/v1/reports/${a.reportId}/facts`, { type: 'other', value: 'x' }],
      ['PATCH', `/api/v1/reports/${a.reportId}/facts/${plate.id}`, { action: 'remove' }],
      ['GET', `/api/v1/reports/${a.reportId}/attachments/${a.attachmentId}`],
    ];
    for (const [method, url, payload] of attempts) {
      const response = await request(analyst39.cookie, method, url, payload);
      assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
      assert.equal(response.json().error.code, 'not_found');
    }
    // A fact cannot be tied to a message of another report.
    const foreign = await request(analyst25.cookie, 'POST', `/api/v1/reports/${a.reportId}/facts`, {
      type: 'other',
      value: 'x',
      messageId: b.describedMessageId,
    });
    assert.equal(foreign.statusCode, 400, foreign.body);
    // Nothing changed.
    const view = await fiche(analyst25.cookie, a.reportId);
    assert.equal(view.status, 'transmitted');
    assert.equal(view.urgency, 'normale');
    assert.equal(view.facts.find((f) => f.id === plate.id)?.status, 'extracted');
    assert.ok(!view.messages.some((m) => m.author === 'agent'));
  });

  test('the administrator reads no report, even by id, and manages accounts', async () => {
    const filed = await transmitted(await file({ photo: true }));
    const admin = await signIn('admin');
    const analyst = await signIn('analyste', 'CROS25');
    const plate = (await fiche(analyst.cookie, filed.reportId)).facts[0] as Fact;
    const id = filed.reportId;
    for (const [method, url, payload] of [
      ['GET', '/api/v1/reports'],
      ['GET', '/api/v1/reports/events'],
      ['GET', `/api/v1/reports/${id}`],
      ['GET', `/api/v1/reports/${id}/events`],
      ['POST', `/api/v1/reports/${id}/transitions`, { to: 'in_review' }],
      ['POST', `/api/v1/reports/${id}/messages`, { text: 'Une question' }],
      ['PATCH', `/api/v1/reports/${id}/qualification`, { urgency: 'immediate' }],
      ['POST', `/api/v1/reports/${id}/facts`, { type: 'other', value: 'x' }],
      ['PATCH', `/api/v1/reports/${id}/facts/${plate.id}`, { action: 'remove' }],
      ['GET', `/api/v1/reports/${id}/attachments/${filed.attachmentId}`],
    ] as [string, string, unknown?][]) {
      const response = await request(admin.cookie, method, url, payload);
      assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
    }
    assert.equal((await fiche(analyst.cookie, id)).status, 'transmitted');
    assert.equal((await request(admin.cookie, 'GET', '/api/v1/audit')).statusCode, 403);

    const created = await request(admin.cookie, 'POST', '/api/v1/admin/agents', {
      username: `analyste-neuf-${id.slice(0, 8)}`,
      role: 'analyste',
      units: ['CROS25'],
    });
    assert.equal(created.statusCode, 201, created.body);
    const account = created.json();
    assert.equal(account.username, `analyste-neuf-${id.slice(0, 8)}`);
    assert.ok(account.password.length >= 12);
    assert.match(account.otpauthUrl, /^otpauth:\/\/totp\//);
    const accounts = await request(admin.cookie, 'GET', '/api/v1/admin/agents');
    assert.ok((accounts.json().items as { username: string }[]).some((a) => a.username === account.username));
    // Only an administrator creates accounts.
    const refused = await request(analyst.cookie, 'POST', '/api/v1/admin/agents', {
      username: `intrus-${id.slice(0, 8)}`,
      role: 'admin',
    });
    assert.equal(refused.statusCode, 403);
  });
});
