import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createAgent } from '../../src/agents/create-agent.ts';
import { currentTotp } from '../../src/agents/totp.ts';
import { isDocumentedUrl, routeTable } from '../../src/http/openapi.routes.ts';
import { requestOfficer } from '../../src/livechat/request-officer.ts';
import {
  drugReportText,
  type FiledReport,
  fileReport,
  listenOnce,
  openStream,
  signInAs,
  smallPng,
} from '../support/agent-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

/**
 * The authorization matrix, generated from the route table: every API route is called by every kind of
 * principal with real ids and a valid body, and the status must be the one this table gives. A route
 * missing from the table fails the suite, so a new route cannot ship without deciding who may call it.
 */

const PRINCIPALS = [
  'anonymous',
  'citizen',
  'operateur',
  'analysteAutreUnite',
  'analyste',
  'superviseur',
  'admin',
] as const;
type Principal = (typeof PRINCIPALS)[number];

/** Statuses in the order of PRINCIPALS: anonymous, citizen, operateur, analyste CROS39, analyste CROS25, superviseur CROS25, admin. */
type Row = [number, number, number, number, number, number, number];

interface Expectation {
  statuses: Row;
  /** A server-sent event stream: only the status and headers are checked, then the request is aborted. */
  sse?: true;
  /**
   * What each cell gets afresh because the request changes it: a new report held by CROS25 (a state
   * change), a new open conversation (submission, upload), a new conversation waiting for an officer
   * (take), a new conversation the operator principal has taken (the chat itself), a new session (sign-out).
   */
  fresh?: 'report' | 'conversation' | 'chat' | 'takenChat' | 'session';
  body?: (ids: Ids) => Promise<Body> | Body;
}

type Body = { json: unknown } | { multipart: Buffer; contentType: string };

// 2xx for the principal the route is for; 401 without the right credential; 403 for a signed-in agent
// whose role may not; 404 for a report out of the agent's units, and for the administrator on every report
// route (as for a report that does not exist: report content is never theirs).
const PUBLIC_200: Row = [200, 200, 200, 200, 200, 200, 200];
const CITIZEN_ONLY = (status: number): Row => [401, status, 401, 401, 401, 401, 401];
const ANY_AGENT: Row = [401, 401, 200, 200, 200, 200, 200];
const ADMIN_ONLY = (status: number): Row => [401, 401, 403, 403, 403, 403, status];
/** A report route on a report held by CROS25: the platform and CROS39 are out of scope. */
const UNIT_REPORT = (status: number): Row => [401, 401, 404, 404, status, status, 404];
/** The live chat: the operators of the reception platform only. */
const OPERATOR_ONLY = (status: number): Row => [401, 401, status, 403, 403, 403, 403];
/** A report route that reads the agent's own scope (inbox, inbox stream). */
const OWN_SCOPE: Row = [401, 401, 200, 200, 200, 200, 404];

const EXPECTED: Record<string, Expectation> = {
  'GET /healthz': { statuses: PUBLIC_200 },
  'GET /api/openapi.json': { statuses: PUBLIC_200 },

  // The citizen API: the conversation's bearer token (or its site cookie) and nothing else.
  'POST /api/v1/conversations': {
    statuses: [201, 201, 201, 201, 201, 201, 201],
    body: () => ({ json: { category: 'stupefiants' } }),
  },
  'GET /api/v1/conversations/:id': { statuses: CITIZEN_ONLY(200) },
  'POST /api/v1/conversations/:id/messages': {
    statuses: CITIZEN_ONLY(201),
    body: () => ({ json: { text: 'Il y a aussi un guetteur à vélo.' } }),
  },
  'GET /api/v1/conversations/:id/events': { statuses: CITIZEN_ONLY(200), sse: true },
  'POST /api/v1/conversations/:id/attachments': {
    statuses: CITIZEN_ONLY(201),
    fresh: 'conversation',
    body: async () => multipart(await smallPng()),
  },
  'POST /api/v1/conversations/:id/submit': { statuses: CITIZEN_ONLY(201), fresh: 'conversation' },
  // Nothing to show before transmission: the citizen passes the check and is told there is no receipt.
  'POST /api/v1/conversations/:id/receipt': { statuses: CITIZEN_ONLY(409) },
  'POST /api/v1/followup': {
    statuses: PUBLIC_200,
    body: (ids) => ({ json: { receipt: ids.receipt } }),
  },

  // The console's session.
  'POST /api/v1/auth/login': {
    statuses: PUBLIC_200,
    body: (ids) => ({ json: ids.freshLogin }),
  },
  'POST /api/v1/auth/logout': { statuses: ANY_AGENT, fresh: 'session' },
  'GET /api/v1/auth/me': { statuses: ANY_AGENT },
  'GET /api/v1/units': { statuses: ANY_AGENT },

  // Reports: agents of the holding unit only; never the administrator.
  'GET /api/v1/reports': { statuses: OWN_SCOPE },
  'GET /api/v1/reports/events': { statuses: OWN_SCOPE, sse: true },
  'GET /api/v1/reports/:id': { statuses: UNIT_REPORT(200) },
  'GET /api/v1/reports/:id/events': { statuses: UNIT_REPORT(200), sse: true },
  'POST /api/v1/reports/:id/transitions': {
    statuses: UNIT_REPORT(200),
    fresh: 'report',
    body: () => ({ json: { to: 'in_review' } }),
  },
  'POST /api/v1/reports/:id/messages': {
    statuses: UNIT_REPORT(201),
    body: () => ({ json: { text: 'À quelle heure le guetteur arrive-t-il ?' } }),
  },
  'PATCH /api/v1/reports/:id/qualification': {
    statuses: UNIT_REPORT(200),
    body: () => ({ json: { urgency: 'elevee', grading: { reliability: 'C', credibility: 3 } } }),
  },
  'POST /api/v1/reports/:id/facts': {
    statuses: UNIT_REPORT(201),
    body: (ids) => ({ json: { type: 'clothing', value: 'survêtement noir', messageId: ids.messageId } }),
  },
  'PATCH /api/v1/reports/:id/facts/:factId': {
    statuses: UNIT_REPORT(200),
    body: () => ({ json: { action: 'confirm' } }),
  },
  'GET /api/v1/reports/:id/attachments/:aid': { statuses: UNIT_REPORT(200) },

  // The audit trail: supervisors only.
  'GET /api/v1/audit': { statuses: [401, 401, 403, 403, 403, 200, 403] },

  // The live chat: operators only (presence 'away' here, so that no chat is assigned to them meanwhile).
  'PUT /api/v1/agent/presence': {
    statuses: OPERATOR_ONLY(200),
    body: () => ({ json: { status: 'away' } }),
  },
  'GET /api/v1/agent/presence': { statuses: OPERATOR_ONLY(200) },
  'GET /api/v1/chats': { statuses: OPERATOR_ONLY(200) },
  'GET /api/v1/chats/events': { statuses: OPERATOR_ONLY(200), sse: true },
  'GET /api/v1/canned-answers': { statuses: ANY_AGENT },
  'POST /api/v1/chats/:conversationId/take': { statuses: OPERATOR_ONLY(200), fresh: 'chat' },
  // A chat is its operator's: the operator principal has taken it (another operator gets 404).
  'GET /api/v1/chats/:conversationId': { statuses: OPERATOR_ONLY(200), fresh: 'takenChat' },
  'GET /api/v1/chats/:conversationId/events': {
    statuses: OPERATOR_ONLY(200),
    fresh: 'takenChat',
    sse: true,
  },
  'POST /api/v1/chats/:conversationId/messages': {
    statuses: OPERATOR_ONLY(201),
    fresh: 'takenChat',
    body: () => ({ json: { text: 'Bonjour, je suis policier de la plateforme.' } }),
  },
  'POST /api/v1/chats/:conversationId/facts': {
    statuses: OPERATOR_ONLY(200),
    fresh: 'takenChat',
    body: () => ({ json: { action: 'add', type: 'clothing', value: 'survêtement noir' } }),
  },
  'POST /api/v1/chats/:conversationId/close': { statuses: OPERATOR_ONLY(200), fresh: 'takenChat' },
  'POST /api/v1/chats/:conversationId/transfer': {
    statuses: OPERATOR_ONLY(200),
    fresh: 'takenChat',
    body: () => ({ json: { unit: 'CROS25', reason: 'Point de deal connu de la cellule.' } }),
  },

  // Administration: the administrator only.
  'GET /api/v1/admin/agents': { statuses: ADMIN_ONLY(200) },
  'POST /api/v1/admin/agents': {
    statuses: ADMIN_ONLY(201),
    body: () => ({
      json: { username: `matrice-${randomBytes(4).toString('hex')}`, role: 'analyste', units: ['CROS39'] },
    }),
  },
  'POST /api/v1/admin/agents/:username/disable': { statuses: ADMIN_ONLY(200) },
  'GET /api/v1/admin/units': { statuses: ADMIN_ONLY(200) },
  'PUT /api/v1/admin/units/:code': {
    statuses: ADMIN_ONLY(200),
    body: () => ({
      json: {
        name: 'Brigade de test de la Haute-Saône',
        kind: 'brigade',
        departements: ['70'],
        zone: 'gendarmerie',
        categories: ['autre'],
      },
    }),
  },
  'GET /api/v1/admin/routing': { statuses: ADMIN_ONLY(200) },
  'PUT /api/v1/admin/routing': {
    statuses: ADMIN_ONLY(200),
    body: () => ({ json: { category: 'autre', departement: '70', unit: 'CROS25' } }),
  },
  'DELETE /api/v1/admin/routing/:category/:departement': { statuses: ADMIN_ONLY(200) },
  'GET /api/v1/admin/canned-answers': { statuses: ADMIN_ONLY(200) },
  'POST /api/v1/admin/canned-answers': {
    statuses: ADMIN_ONLY(201),
    body: () => ({
      json: {
        shortcut: `matrice-${randomBytes(4).toString('hex')}`,
        title: 'Accueil',
        body: 'Bonjour, je suis policier de la plateforme.',
      },
    }),
  },
  // No canned answer has the conversation's id: past the access check, the administrator gets 404.
  'PUT /api/v1/admin/canned-answers/:id': {
    statuses: ADMIN_ONLY(404),
    body: () => ({ json: { shortcut: 'accueil', title: 'Accueil', body: 'Bonjour.' } }),
  },
  'DELETE /api/v1/admin/canned-answers/:id': { statuses: ADMIN_ONLY(404) },
  'GET /api/v1/admin/chat-settings': { statuses: ADMIN_ONLY(200) },
  'PUT /api/v1/admin/chat-settings': {
    statuses: ADMIN_ONLY(200),
    body: () => ({ json: { maxChatsPerOperator: 3, awayAfterMinutes: 5 } }),
  },
};

interface Ids {
  conversationId: string;
  conversationToken: string;
  reportId: string;
  attachmentId: string;
  factId: string;
  messageId: string;
  receipt: string;
  /** An account nobody has signed in with (sign-in, disabling). */
  freshLogin: { username: string; password: string; totp: string };
}

function multipart(bytes: Buffer): Body {
  const boundary = `----vigie${randomBytes(8).toString('hex')}`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    multipart: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\n` +
          'Content-Type: image/png\r\n\r\n',
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

describe('authorization matrix of the API', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' } });

  const apiRoutes = () =>
    routeTable(t().app)
      .filter((route) => isDocumentedUrl(route.url))
      .map((route) => ({ ...route, key: `${route.method} ${route.url}` }));

  test('every API route has a row in the matrix, and every row a route', () => {
    const keys = new Set(apiRoutes().map((r) => r.key));
    const missing = [...keys].filter((key) => !(key in EXPECTED));
    assert.deepEqual(missing, [], `routes sans ligne dans EXPECTED : ${missing.join(', ')}`);
    const stale = Object.keys(EXPECTED).filter((key) => !keys.has(key));
    assert.deepEqual(stale, [], `lignes d’EXPECTED sans route : ${stale.join(', ')}`);
  });

  test('each principal gets the expected status on each route', async (context) => {
    const { app, deps } = t();
    const base = await listenOnce(app);

    /** A report held by CROS25 (transmitted by an operator), with a photo. */
    const operator = await signInAs(app, deps, { role: 'operateur' });
    async function unitReport(): Promise<FiledReport> {
      const filed = await fileReport(app, deps, { commune: 'Besançon', photo: true });
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/reports/${filed.reportId}/transitions`,
        headers: { cookie: operator.cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ to: 'transmitted' }),
      });
      assert.equal(response.statusCode, 200, response.body);
      return filed;
    }
    /** An open conversation, described and ready to submit. */
    async function openConversation(): Promise<{ id: string; token: string }> {
      const started = await app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        payload: { category: 'stupefiants' },
      });
      assert.equal(started.statusCode, 201, started.body);
      const conversation = started.json() as { id: string; token: string };
      const described = await app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers: { authorization: `Bearer ${conversation.token}` },
        payload: { text: drugReportText('Besançon') },
      });
      assert.equal(described.statusCode, 201, described.body);
      return conversation;
    }
    async function freshLogin(): Promise<Ids['freshLogin']> {
      const username = `matrice-${randomBytes(4).toString('hex')}`;
      const password = `Sel-de-Salins-${randomBytes(6).toString('hex')}`;
      const created = await createAgent(deps, {
        username,
        role: 'analyste',
        unitCodes: ['CROS39'],
        password,
      });
      return { username, password, totp: currentTotp(created.totpSecret, deps.now()) };
    }
    async function idsOf(
      report: FiledReport,
      conversation: { id: string; token: string },
      needsAccount: boolean,
    ): Promise<Ids> {
      const fact = await deps.db
        .selectFrom('report_facts')
        .select(['id', 'message_id'])
        .where('report_id', '=', report.reportId)
        .where('type', '=', 'plate')
        .executeTakeFirstOrThrow();
      return {
        conversationId: conversation.id,
        conversationToken: conversation.token,
        reportId: report.reportId,
        attachmentId: report.attachmentId as string,
        factId: fact.id,
        messageId: fact.message_id as string,
        receipt: report.receipt,
        freshLogin: needsAccount ? await freshLogin() : { username: '', password: '', totp: '' },
      };
    }

    const sharedReport = await unitReport();
    const sharedConversation = await openConversation();

    const agentRoles: Record<Exclude<Principal, 'anonymous' | 'citizen'>, Parameters<typeof signInAs>[2]> = {
      operateur: { role: 'operateur' },
      analysteAutreUnite: { role: 'analyste', unit: 'CROS39' },
      analyste: { role: 'analyste', unit: 'CROS25' },
      superviseur: { role: 'superviseur', unit: 'CROS25' },
      admin: { role: 'admin' },
    };
    const sessions = new Map<Principal, string>();
    for (const [principal, who] of Object.entries(agentRoles)) {
      sessions.set(principal as Principal, (await signInAs(app, deps, who)).cookie);
    }

    async function credentials(
      principal: Principal,
      ids: Ids,
      freshSession: boolean,
    ): Promise<Record<string, string>> {
      if (principal === 'anonymous') return {};
      if (principal === 'citizen') {
        return {
          authorization: `Bearer ${ids.conversationToken}`,
          cookie: `vigie_session=${ids.conversationId}.${ids.conversationToken}`,
        };
      }
      const cookie = freshSession
        ? (await signInAs(app, deps, agentRoles[principal])).cookie
        : (sessions.get(principal) as string);
      return { cookie };
    }

    function urlOf(url: string, ids: Ids): string {
      const filled = url.replace(/:(\w+)/g, (_match, name: string) => {
        if (name === 'id') return url.startsWith('/api/v1/reports/') ? ids.reportId : ids.conversationId;
        const value: string | undefined = {
          factId: ids.factId,
          conversationId: ids.conversationId,
          aid: ids.attachmentId,
          username: ids.freshLogin.username,
          code: 'ESSAI70',
          category: 'autre',
          departement: '70',
        }[name];
        assert.ok(value, `paramètre :${name} de ${url} : ajoutez sa valeur au test`);
        return value;
      });
      return filled;
    }

    for (const route of apiRoutes()) {
      const expectation = EXPECTED[route.key];
      if (!expectation) continue; // reported by the test above
      await context.test(route.key, async () => {
        const failures: string[] = [];
        for (const [index, principal] of PRINCIPALS.entries()) {
          const expected = expectation.statuses[index] as number;
          const report = expectation.fresh === 'report' ? await unitReport() : sharedReport;
          const conversation: { id: string; token: string } =
            expectation.fresh === 'conversation' ||
            expectation.fresh === 'chat' ||
            expectation.fresh === 'takenChat'
              ? await openConversation()
              : sharedConversation;
          if (expectation.fresh === 'chat' || expectation.fresh === 'takenChat') {
            await requestOfficer(deps, { conversationId: conversation.id, token: conversation.token });
          }
          if (expectation.fresh === 'takenChat') {
            const taken: { statusCode: number; body: string } = await app.inject({
              method: 'POST',
              url: `/api/v1/chats/${conversation.id}/take`,
              headers: {
                cookie: sessions.get('operateur') as string,
                'content-type': 'application/json',
              },
              payload: '{}',
            });
            assert.equal(taken.statusCode, 200, taken.body);
          }
          const ids = await idsOf(
            report,
            conversation,
            route.key === 'POST /api/v1/auth/login' || route.url.includes(':username'),
          );
          const url = urlOf(route.url, ids);
          const headers: Record<string, string> = {
            ...(await credentials(principal, ids, expectation.fresh === 'session')),
          };
          const body = await expectation.body?.(ids);
          let status: number;
          let detail = '';
          if (expectation.sse) {
            const stream = await openStream(`${base}${url}`, headers);
            try {
              status = stream.status;
              if (status === 200) {
                assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/, route.key);
                assert.equal(stream.headers.get('cache-control'), 'no-store', route.key);
              }
            } finally {
              stream.close();
            }
          } else {
            const payload =
              body && 'json' in body
                ? { payload: JSON.stringify(body.json), contentType: 'application/json' }
                : body
                  ? { payload: body.multipart, contentType: body.contentType }
                  : undefined;
            const write = route.method !== 'GET';
            const response = await app.inject({
              method: route.method as 'GET',
              url,
              headers: {
                ...headers,
                ...(payload
                  ? { 'content-type': payload.contentType }
                  : write && principal !== 'citizen' && principal !== 'anonymous'
                    ? { 'content-type': 'application/json' }
                    : {}),
              },
              ...(payload && { payload: payload.payload }),
            });
            status = response.statusCode;
            detail = response.body.slice(0, 200);
            if (status >= 400) {
              assert.ok(response.json().error?.code, `${route.key} (${principal}): error body ${detail}`);
            }
          }
          if (status !== expected) {
            failures.push(`${route.key} — ${principal}: ${status} au lieu de ${expected} ${detail}`);
          }
        }
        assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
      });
    }
  });
});
