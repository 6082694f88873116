import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AuditItem } from '../audit/list-audit.ts';
import { html, type SafeHtml } from '../web/html.ts';
import {
  AUDIT_ACTION_LABELS,
  CATEGORY_LABELS,
  FACT_TYPE_LABELS,
  labelOf,
  MOTIVE_LABELS,
  PURPOSE_LABELS,
  parisDateTime,
  statusLabel,
} from './console-labels.ts';
import { renderConsolePage } from './console-layout.ts';
import { shortRef } from './fiche.view.ts';

export interface JournalFilters {
  agent: string;
  reportId: string;
  from: string;
  to: string;
}

const FACT_CHANGE_WORDS: Record<string, string> = {
  confirm: 'confirmé',
  edit: 'corrigé',
  remove: 'retiré',
  restore: 'rétabli',
  add: 'ajouté',
};

const DETAIL_WORDS: Record<string, (value: string) => string> = {
  purpose: (v) => `objet : ${labelOf(PURPOSE_LABELS, v)}`,
  from: (v) => `de « ${statusLabel(v)} »`,
  to: (v) => `vers « ${statusLabel(v)} »`,
  motive: (v) => `motif : ${labelOf(MOTIVE_LABELS, v)}`,
  unit: (v) => `unité : ${v}`,
  fields: (v) => `champs : ${v}`,
  type: (v) => `type : ${labelOf(FACT_TYPE_LABELS, v)}`,
  change: (v) => `action : ${FACT_CHANGE_WORDS[v] ?? v}`,
  shown: (v) => `${v} signalement(s) affiché(s)`,
  searched: (v) => (v === 'true' ? 'avec recherche' : ''),
  filtered: (v) => (v === 'true' ? 'avec filtres' : ''),
  live: (v) => (v === 'true' ? 'en direct' : ''),
  sessionsEnded: (v) => `${v} session(s) fermée(s)`,
  code: (v) => `code : ${v}`,
  departements: (v) => `départements : ${v || '—'}`,
  categories: (v) => `catégories : ${v || '—'}`,
  category: (v) => `catégorie : ${labelOf(CATEGORY_LABELS, v)}`,
  facts: (v) => `${v} fait(s)`,
  role: (v) => `rôle : ${v}`,
  units: (v) => `unités : ${v || '—'}`,
  recipient: (v) => `destinataire : ${v}`,
  routed: (v) => (v === 'true' ? 'unité de la table de routage' : 'autre unité que celle proposée'),
  reasoned: (v) => (v === 'true' ? 'raison donnée' : ''),
};
const DETAIL_ORDER = ['purpose', 'from', 'to', 'motive', 'recipient', 'unit', 'routed', 'reasoned'];
const rank = (key: string) => (DETAIL_ORDER.includes(key) ? DETAIL_ORDER.indexOf(key) : DETAIL_ORDER.length);

/** The detail of a record in words; ids of facts and photos are left out (they say nothing to a reader). */
function detailOf(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([key]) => key !== 'fact' && key !== 'attachment')
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) => (DETAIL_WORDS[key] ?? ((v: string) => `${key} : ${v}`))(String(value)))
    .filter(Boolean)
    .join(' · ');
}

function objectOf(item: AuditItem): SafeHtml {
  if (!item.objectId) return html`—`;
  if (item.objectType === 'report') {
    return html`Signalement <a class="fr-link fr-link--sm" href="${`/console/journal?reportId=${item.objectId}`}" title="${`Filtrer le journal sur le signalement ${shortRef(item.objectId)}`}">${shortRef(item.objectId)}</a>`;
  }
  const kinds: Record<string, string> = { agent: 'Compte', unit: 'Unité', routing_rule: 'Règle de routage' };
  return html`${kinds[item.objectType] ?? item.objectType} ${item.objectType === 'routing_rule' ? item.objectId : shortRef(item.objectId)}`;
}

function actorOf(item: AuditItem): string {
  if (item.actor.username) return item.actor.username;
  return item.actor.kind === 'citizen'
    ? 'Déclarant'
    : item.actor.kind === 'system'
      ? 'Système'
      : item.actor.kind;
}

/** The supervisor's audit trail: filters (agent, report, period) and the records, newest first. */
export function renderJournalPage(
  agent: AgentPrincipal,
  filters: JournalFilters,
  items: AuditItem[],
  error?: string,
) {
  return renderConsolePage({
    title: 'Journal d’audit',
    agent,
    current: 'journal',
    main: html`<h1 class="fr-h3">Journal d’audit</h1>
<p>Qui a fait quoi, et quand, sur les signalements de vos unités (${agent.unitCodes.join(', ')}). Le contenu des signalements n’y figure jamais. Heures de Paris.</p>
${error ? html`<div class="fr-alert fr-alert--error fr-mb-2w" role="alert"><p>${error}</p></div>` : null}
<form class="vigie-filtres" method="get" action="/console/journal" role="search" aria-label="Filtrer le journal">
  <div class="fr-input-group">
    <label class="fr-label" for="j-agent">Agent (identifiant)</label>
    <input class="fr-input" id="j-agent" name="agent" value="${filters.agent}" maxlength="64" autocapitalize="none" spellcheck="false">
  </div>
  <div class="fr-input-group vigie-filtres__q">
    <label class="fr-label" for="j-report">Signalement (identifiant complet)</label>
    <input class="fr-input" id="j-report" name="reportId" value="${filters.reportId}" maxlength="36" spellcheck="false">
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="j-from">Du</label>
    <input class="fr-input" id="j-from" name="from" type="date" value="${filters.from}">
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="j-to">Au</label>
    <input class="fr-input" id="j-to" name="to" type="date" value="${filters.to}">
  </div>
  <div class="vigie-filtres__actions">
    <button class="fr-btn" type="submit">Filtrer</button>
    <a class="fr-btn fr-btn--tertiary" href="/console/journal">Réinitialiser</a>
  </div>
</form>
<div class="fr-table fr-table--sm fr-table--bordered fr-table--multiline vigie-table">
  <div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
    <table id="journal-table">
      <caption class="fr-sr-only">Enregistrements du journal d’audit, les plus récents d’abord</caption>
      <thead><tr><th scope="col">Date</th><th scope="col">Agent</th><th scope="col">Action</th><th scope="col">Objet</th><th scope="col">Détail</th></tr></thead>
      <tbody>
        ${items.map(
          (item) => html`<tr>
          <td>${parisDateTime(item.at)}</td>
          <td>${actorOf(item)}</td>
          <td>${labelOf(AUDIT_ACTION_LABELS, item.action)}</td>
          <td>${objectOf(item)}</td>
          <td>${detailOf(item.detail)}</td>
        </tr>`,
        )}
      </tbody>
    </table>
  </div></div></div>
</div>
${items.length ? null : html`<p class="vigie-vide">Aucun enregistrement ne correspond.</p>`}`,
  });
}
