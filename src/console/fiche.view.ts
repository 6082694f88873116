import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { ReportFiche } from '../reports/get-report-fiche.ts';
import { isOpenStatus } from '../reports/report-status.ts';
import { html, type SafeHtml } from '../web/html.ts';
import {
  CATEGORY_LABELS,
  DANGER_FLAG_LABELS,
  labelOf,
  MOTIVE_LABELS,
  parisDateTime,
  statusLabel,
  URGENCY_LABELS,
} from './console-labels.ts';
import { renderConsolePage } from './console-layout.ts';
import { factsSection, transcriptSection } from './fiche-facts.view.ts';
import {
  addFactForm,
  historySection,
  qualificationForm,
  questionForm,
  transitionsSection,
  type UnitChoice,
} from './fiche-forms.view.ts';

/** The report's short reference: the first 8 characters of its id. */
export function shortRef(id: string): string {
  return id.slice(0, 8).toUpperCase();
}

function summary(agent: AgentPrincipal, fiche: ReportFiche): SafeHtml {
  const ref = shortRef(fiche.id);
  return html`<dl class="vigie-resume">
  <div><dt>Référence</dt><dd>${
    agent.role === 'superviseur'
      ? html`<a class="fr-link" href="${`/console/journal?reportId=${fiche.id}`}" title="${`Journal d’audit du signalement ${ref}`}">${ref}</a>`
      : ref
  }</dd></div>
  <div><dt>État</dt><dd><strong>${statusLabel(fiche.status)}</strong>${fiche.rejectionMotive ? ` (${labelOf(MOTIVE_LABELS, fiche.rejectionMotive)})` : ''}</dd></div>
  <div><dt>Catégorie</dt><dd>${labelOf(CATEGORY_LABELS, fiche.category)}</dd></div>
  <div><dt>Urgence</dt><dd>${labelOf(URGENCY_LABELS, fiche.urgency)}${fiche.emergency ? html` <span class="fr-badge fr-badge--sm fr-badge--error">Danger signalé</span>` : null}</dd></div>
  ${
    fiche.dangerFlags.length > 0
      ? html`<div><dt>Indicateurs de danger</dt><dd>${fiche.dangerFlags.map(
          (flag) =>
            html`<span class="fr-badge fr-badge--sm fr-badge--error">${labelOf(DANGER_FLAG_LABELS, flag)}</span> `,
        )}</dd></div>`
      : null
  }
  <div><dt>Commune</dt><dd>${fiche.place.commune ?? '—'}${fiche.place.departement ? ` (${fiche.place.departement})` : ''}</dd></div>
  <div><dt>Unité</dt><dd>${fiche.unit ?? '—'}${fiche.suggestedUnit && fiche.suggestedUnit !== fiche.unit ? ` · proposée : ${fiche.suggestedUnit}` : ''}</dd></div>
  <div><dt>Reçu le</dt><dd>${parisDateTime(fiche.createdAt)}</dd></div>
  ${fiche.wantsOfficer ? html`<div><dt>Demande</dt><dd>Souhaite échanger avec un agent</dd></div>` : null}
</dl>`;
}

function photos(fiche: ReportFiche): SafeHtml {
  if (fiche.attachments.length === 0) return html`<p class="vigie-vide">Aucune photo.</p>`;
  return html`<ul class="vigie-photos">${fiche.attachments.map(
    (a, i) =>
      html`<li><a class="fr-link fr-link--download" download href="${`/api/v1/reports/${fiche.id}/attachments/${a.id}`}">Photo ${i + 1} <span class="fr-link__detail">${a.mime.replace('image/', '').toUpperCase()} – ${Math.max(1, Math.round(a.bytes / 1024))} Ko</span></a></li>`,
  )}</ul>`;
}

/** The fiche: facts on the left; transcript, photos, qualification, decisions and history on the right. */
export function renderFichePage(agent: AgentPrincipal, fiche: ReportFiche, units: UnitChoice[]): string {
  const open = isOpenStatus(fiche.status);
  const title = `Signalement ${shortRef(fiche.id)}`;
  return renderConsolePage({
    title,
    agent,
    current: 'signalements',
    scripts: ['console-fiche.js'],
    main: html`<p class="fr-mb-1w"><a class="fr-link fr-link--sm" href="/console/signalements">← Retour aux signalements</a></p>
<div class="vigie-titre-ligne">
  <h1 class="fr-h3">${title}</h1>
  ${fiche.status === 'action_immediate' ? html`<a class="fr-btn fr-btn--sm" href="${`/console/signalements/${fiche.id}/intervention`}">Fiche d’intervention</a>` : null}
</div>
<p id="fiche-annonce" class="fr-sr-only" aria-live="polite"></p>
<div id="fiche" data-report="${fiche.id}" data-status="${fiche.status}">
${summary(agent, fiche)}
<div class="vigie-fiche">
  <section class="vigie-fiche__faits" aria-labelledby="titre-faits">
    <h2 class="fr-h5" id="titre-faits">Faits</h2>
    ${factsSection(fiche.facts, open)}
    ${open ? html`<h3 class="fr-h6 fr-mt-3w">Ajouter un fait</h3>${addFactForm()}` : null}
  </section>
  <div class="vigie-fiche__dossier">
    <section aria-labelledby="titre-transcription">
      <h2 class="fr-h5" id="titre-transcription">Conversation</h2>
      ${transcriptSection(fiche.messages)}
    </section>
    <section aria-labelledby="titre-photos">
      <h2 class="fr-h5" id="titre-photos">Photos</h2>
      ${photos(fiche)}
    </section>
    ${
      open
        ? html`<section aria-labelledby="titre-question">
      <h2 class="fr-h5" id="titre-question">Question au déclarant</h2>
      ${questionForm()}
    </section>
    <section aria-labelledby="titre-qualification">
      <h2 class="fr-h5" id="titre-qualification">Qualification</h2>
      ${qualificationForm(fiche)}
    </section>`
        : null
    }
    <section aria-labelledby="titre-decision">
      <h2 class="fr-h5" id="titre-decision">Décision</h2>
      ${transitionsSection(fiche, units)}
    </section>
    <section aria-labelledby="titre-historique">
      <h2 class="fr-h5" id="titre-historique">Historique</h2>
      ${historySection(fiche)}
    </section>
  </div>
</div>
</div>`,
  });
}
