import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listAgents } from '../agents/agent.repo.ts';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { listAudit } from '../audit/list-audit.ts';
import { AppError } from '../errors.ts';
import { parisDayEnd, parisDayStart } from '../http/paris-day.ts';
import { listCanned } from '../livechat/canned-answers.ts';
import { readChatSettings } from '../livechat/chat-settings.ts';
import { getReportFiche, type ReportFiche } from '../reports/get-report-fiche.ts';
import { listReports } from '../reports/list-reports.ts';
import { isReportStatus } from '../reports/report-status.ts';
import { listRoutingRules, listUnits } from '../units/unit.repo.ts';
import { registerStaticAssets } from '../web/static-assets.ts';
import { renderAdminPage } from './admin.view.ts';
import { consoleHome } from './console-layout.ts';
import { currentAgent, pageAgent, sendConsoleError, sendConsolePage } from './console-session.ts';
import { renderDirectPage } from './direct.view.ts';
import { renderFichePage } from './fiche.view.ts';
import { type InboxFilters, renderInboxPage } from './inbox.view.ts';
import { renderInterventionPage } from './intervention.view.ts';
import { type JournalFilters, renderJournalPage } from './journal.view.ts';
import { renderSignInPage } from './sign-in.view.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NOT_FOUND = 'Ce signalement n’existe pas ou ne relève pas de vos unités.';

/** A query string's value as text (first of a repeated key), trimmed and capped; '' when absent. */
function text(query: unknown, key: string, max = 100): string {
  const raw = (query as Record<string, unknown> | undefined)?.[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** A form's day (yyyy-mm-dd) as the start of that day (UTC), or undefined; `end` gives the next day's. */
function dayOf(value: string, end = false): Date | undefined {
  if (!DAY.test(value)) return undefined;
  const date = end ? parisDayEnd(value) : parisDayStart(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Lower case without accents, to compare a commune's name as an officer types it ("besancon"). */
function folded(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s'’-]+/g, ' ')
    .trim();
}

async function inbox(deps: AppDeps, agent: AgentPrincipal, request: FastifyRequest) {
  const filters: InboxFilters = {
    status: text(request.query, 'status', 40),
    category: text(request.query, 'category', 40),
    commune: text(request.query, 'commune', 80),
    from: text(request.query, 'from', 10),
    to: text(request.query, 'to', 10),
    q: text(request.query, 'q'),
  };
  if (filters.status && !isReportStatus(filters.status)) filters.status = '';
  const insee = /^[0-9][0-9AB][0-9]{3}$/i.test(filters.commune) ? filters.commune.toUpperCase() : undefined;
  const data = await listReports(deps, agent, {
    status: filters.status || undefined,
    category: filters.category || undefined,
    commune: insee,
    from: dayOf(filters.from),
    to: dayOf(filters.to, true),
    q: filters.q || undefined,
  });
  // A commune typed by name: the list keeps the reports of the communes of that name (homonyms included).
  if (filters.commune && !insee) {
    const name = folded(filters.commune);
    data.items = data.items.filter((item) => item.communeName && folded(item.communeName) === name);
  }
  return renderInboxPage(agent, filters, data);
}

/** The fiche of a report, or undefined once a 404 page was sent (unknown, out of scope, malformed id). */
async function ficheOr404(
  deps: AppDeps,
  agent: AgentPrincipal,
  id: string,
  reply: FastifyReply,
  purpose: string,
): Promise<ReportFiche | undefined> {
  if (!UUID.test(id)) {
    await sendConsoleError(reply, agent, 404, NOT_FOUND, 'signalements');
    return undefined;
  }
  try {
    return await getReportFiche(deps, agent, id.toLowerCase(), { purpose });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') {
      await sendConsoleError(reply, agent, 404, NOT_FOUND, 'signalements');
      return undefined;
    }
    throw error;
  }
}

/**
 * The console's pages under /console. Each is declared `public` to the access hook and checks the session
 * itself, so that a page asked for without a session redirects to the sign-in page (the JSON API keeps
 * its 401). Writes go through the JSON API, from the pages' scripts.
 */
export async function registerConsolePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // A console-only deployment has no citizen site to serve the DSFR and the scripts: serve them here.
  if (!app.hasRoute({ method: 'GET', url: '/assets/*' })) await registerStaticAssets(app);
  const config = { access: 'public' as const };
  const paramId = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get('/console', { config }, async (request, reply) => {
    const agent = await currentAgent(deps, request);
    if (agent) return reply.redirect(consoleHome(agent), 303);
    return sendConsolePage(reply, renderSignInPage());
  });

  // The sign-in form posted without JavaScript: the console needs it, say so.
  app.post('/console', { config }, async (_request, reply) =>
    reply.status(400).type('text/html; charset=utf-8').send(renderSignInPage(true)),
  );

  app.get('/console/signalements', { config }, async (request, reply) => {
    const agent = await pageAgent(deps, request, reply, 'reports', 'signalements');
    if (!agent) return reply;
    return sendConsolePage(reply, await inbox(deps, agent, request));
  });

  app.get('/console/signalements/:id', { config }, async (request, reply) => {
    const agent = await pageAgent(deps, request, reply, 'reports', 'signalements');
    if (!agent) return reply;
    const fiche = await ficheOr404(deps, agent, paramId(request), reply, 'fiche');
    if (!fiche) return reply;
    const units = fiche.allowedTransitions.includes('transmitted')
      ? (await listUnits(deps.db)).filter((u) => u.kind !== 'plateforme')
      : [];
    return sendConsolePage(reply, renderFichePage(agent, fiche, units));
  });

  app.get('/console/direct', { config }, async (request, reply) => {
    const agent = await pageAgent(deps, request, reply, 'chat', 'direct');
    if (!agent) return reply;
    const [{ items: canned }, units] = await Promise.all([listCanned(deps), listUnits(deps.db)]);
    return sendConsolePage(
      reply,
      renderDirectPage(agent, {
        canned,
        units: units.filter((u) => u.kind !== 'plateforme').map((u) => ({ code: u.code, name: u.name })),
      }),
    );
  });

  app.get('/console/signalements/:id/intervention', { config }, async (request, reply) => {
    const agent = await pageAgent(deps, request, reply, 'reports', 'signalements');
    if (!agent) return reply;
    const fiche = await ficheOr404(deps, agent, paramId(request), reply, 'intervention');
    if (!fiche) return reply;
    return sendConsolePage(reply, renderInterventionPage(agent, fiche, deps.now()));
  });

  app.get('/console/journal', { config }, async (request, reply) => {
    const agent = await pageAgent(deps, request, reply, 'audit', 'journal');
    if (!agent) return reply;
    const filters: JournalFilters = {
      agent: text(request.query, 'agent', 64),
      reportId: text(request.query, 'reportId', 36),
      from: text(request.query, 'from', 10),
      to: text(request.query, 'to', 10),
    };
    const badReport = filters.reportId !== '' && !UUID.test(filters.reportId);
    const { items } = badReport
      ? { items: [] }
      : await listAudit(deps, agent, {
          agent: filters.agent || undefined,
          reportId: filters.reportId.toLowerCase() || undefined,
          from: dayOf(filters.from),
          to: dayOf(filters.to, true),
        });
    const error = badReport
      ? 'Identifiant de signalement invalide : indiquez l’identifiant complet.'
      : undefined;
    return sendConsolePage(reply, renderJournalPage(agent, filters, items, error));
  });

  app.get('/console/admin', { config }, async (request, reply) => {
    const agent = await pageAgent(deps, request, reply, 'admin', 'admin');
    if (!agent) return reply;
    const [agents, units, routing, chatSettings, canned] = await Promise.all([
      listAgents(deps.db),
      listUnits(deps.db),
      listRoutingRules(deps.db),
      readChatSettings(deps.db),
      listCanned(deps),
    ]);
    return sendConsolePage(
      reply,
      renderAdminPage(agent, {
        agents: agents.map((a) => ({
          username: a.username,
          role: a.role,
          units: a.units,
          createdAt: a.created_at,
          disabledAt: a.disabled_at,
        })),
        units,
        routing: routing.map((r) => ({
          category: r.category,
          departement: r.departement_code,
          unit: r.unit,
        })),
        chatSettings,
        canned: canned.items,
      }),
    );
  });
}
