import type { AgentPrincipal } from '../agents/agent-principal.ts';
import { CATEGORIES } from '../conversations/engine/index.ts';
import type { ReportListItem } from '../reports/list-reports.ts';
import { REPORT_STATUSES, STATUS_LABELS } from '../reports/report-status.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { CATEGORY_LABELS, labelOf, parisDateTime, statusLabel, URGENCY_LABELS } from './console-labels.ts';
import { renderConsolePage } from './console-layout.ts';

/** The inbox's filters as the form holds them (strings, empty when unset). */
export interface InboxFilters {
  status: string;
  category: string;
  commune: string;
  from: string;
  to: string;
  q: string;
}

export interface InboxData {
  items: ReportListItem[];
  counts: { byStatus: Record<string, number>; unread: number };
}

/** "Signalements reçus (plateforme)" for the reception platform, "Signalements de CROS25" for a unit. */
export function inboxTitle(agent: AgentPrincipal): string {
  if (agent.role === 'operateur') return 'Signalements reçus (plateforme)';
  return agent.unitCodes.length ? `Signalements de ${agent.unitCodes.join(', ')}` : 'Signalements';
}

/** One row of the inbox; console-inbox.js builds the same markup for the rows that arrive live. */
export function inboxRow(item: ReportListItem): SafeHtml {
  return html`<tr data-report="${item.id}" class="${item.unread ? 'vigie-non-lu' : ''}">
  <td><a class="fr-link" href="${`/console/signalements/${item.id}`}">${parisDateTime(item.createdAt)}</a>${
    item.unread ? html` <span class="fr-badge fr-badge--sm fr-badge--new">Non lu</span>` : null
  }</td>
  <td>${labelOf(CATEGORY_LABELS, item.category)}</td>
  <td>${item.communeName ?? item.commune ?? '—'}</td>
  <td>${item.departement ?? '—'}</td>
  <td>${urgencyBadge(item.urgency, item.emergency)}</td>
  <td>${statusLabel(item.status)}</td>
  <td>${item.unit ?? '—'}</td>
</tr>`;
}

function urgencyBadge(urgency: string, emergency: boolean): SafeHtml {
  const label = labelOf(URGENCY_LABELS, urgency);
  if (emergency || urgency === 'immediate')
    return html`<span class="fr-badge fr-badge--sm fr-badge--error">${emergency ? 'Danger signalé' : label}</span>`;
  if (urgency === 'elevee')
    return html`<span class="fr-badge fr-badge--sm fr-badge--warning">${label}</span>`;
  return html`${label}`;
}

function statusTabs(filters: InboxFilters, counts: InboxData['counts']): SafeHtml {
  const total = Object.values(counts.byStatus).reduce((sum, n) => sum + n, 0);
  const link = (status: string, label: string, count: number) => {
    const query = new URLSearchParams({ ...filters, status });
    for (const [key, value] of [...query]) if (!value) query.delete(key);
    const search = query.toString();
    return html`<li><a class="fr-tag" href="${`/console/signalements${search ? `?${search}` : ''}`}"${
      filters.status === status ? html` aria-current="true"` : null
    }>${label}&nbsp;: ${count}</a></li>`;
  };
  return html`<nav aria-label="Signalements par état">
  <ul class="fr-tags-group">
    ${link('', 'Tous', total)}
    ${REPORT_STATUSES.map((status) => link(status, STATUS_LABELS[status], counts.byStatus[status] ?? 0))}
  </ul>
</nav>
<p class="fr-text--sm">Non lus&nbsp;: <strong id="inbox-non-lus">${counts.unread}</strong></p>`;
}

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}"${value === selected ? html` selected` : null}>${label}</option>`;
}

function filterForm(filters: InboxFilters): SafeHtml {
  return html`<form class="vigie-filtres" method="get" action="/console/signalements" role="search" aria-label="Filtrer les signalements">
  <div class="fr-select-group">
    <label class="fr-label" for="f-status">État</label>
    <select class="fr-select" id="f-status" name="status">
      ${option('', 'Tous', filters.status)}
      ${REPORT_STATUSES.map((s) => option(s, STATUS_LABELS[s], filters.status))}
    </select>
  </div>
  <div class="fr-select-group">
    <label class="fr-label" for="f-category">Catégorie</label>
    <select class="fr-select" id="f-category" name="category">
      ${option('', 'Toutes', filters.category)}
      ${CATEGORIES.map((c) => option(c, labelOf(CATEGORY_LABELS, c), filters.category))}
    </select>
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="f-commune">Commune (code INSEE ou nom)</label>
    <input class="fr-input" id="f-commune" name="commune" value="${filters.commune}" maxlength="80">
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="f-from">Du</label>
    <input class="fr-input" id="f-from" name="from" type="date" value="${filters.from}">
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="f-to">Au</label>
    <input class="fr-input" id="f-to" name="to" type="date" value="${filters.to}">
  </div>
  <div class="fr-input-group vigie-filtres__q">
    <label class="fr-label" for="f-q">Recherche</label>
    <input class="fr-input" id="f-q" name="q" type="search" value="${filters.q}" maxlength="100" placeholder="Plaque, téléphone, pseudo…">
  </div>
  <div class="vigie-filtres__actions">
    <button class="fr-btn" type="submit">Filtrer</button>
    <a class="fr-btn fr-btn--tertiary" href="/console/signalements">Réinitialiser</a>
  </div>
</form>`;
}

/** The inbox page: filters, counts by state, the table (unread first) and the live island. */
export function renderInboxPage(
  agent: AgentPrincipal,
  filters: InboxFilters,
  data: InboxData,
  error?: string,
) {
  const title = inboxTitle(agent);
  return renderConsolePage({
    title,
    agent,
    current: 'signalements',
    scripts: ['console-inbox.js'],
    main: html`<div class="vigie-titre-ligne">
  <h1 class="fr-h3">${title} <span id="inbox-nouveaux" class="fr-badge fr-badge--new" hidden></span></h1>
  <button type="button" id="inbox-son" class="fr-btn fr-btn--secondary fr-btn--sm" aria-pressed="true" hidden>Son des alertes : activé</button>
</div>
<p id="inbox-annonce" class="fr-sr-only" aria-live="polite"></p>
${error ? html`<div class="fr-alert fr-alert--error fr-mb-2w" role="alert"><p>${error}</p></div>` : null}
${filterForm(filters)}
${statusTabs(filters, data.counts)}
<div class="fr-table fr-table--sm fr-table--bordered fr-table--multiline vigie-table">
  <div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
    <table id="inbox-table" data-title="${title}">
      <caption class="fr-sr-only">Signalements, non lus d’abord</caption>
      <thead><tr><th scope="col">Reçu le</th><th scope="col">Catégorie</th><th scope="col">Commune</th><th scope="col">Département</th><th scope="col">Urgence</th><th scope="col">État</th><th scope="col">Unité</th></tr></thead>
      <tbody id="inbox-rows">
        ${data.items.map(inboxRow)}
      </tbody>
    </table>
  </div></div></div>
</div>
<p id="inbox-vide" class="vigie-vide"${data.items.length ? html` hidden` : null}>Aucun signalement${filtered(filters) ? ' ne correspond à ces filtres' : ' pour le moment'}.</p>
<template id="inbox-labels" data-categories="${JSON.stringify(CATEGORY_LABELS)}" data-urgencies="${JSON.stringify(URGENCY_LABELS)}" data-statuses="${JSON.stringify(STATUS_LABELS)}"></template>`,
  });
}

function filtered(filters: InboxFilters): boolean {
  return Object.values(filters).some(Boolean);
}
