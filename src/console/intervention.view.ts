import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { ReportFiche } from '../reports/get-report-fiche.ts';
import { html, type SafeHtml } from '../web/html.ts';
import {
  CATEGORY_LABELS,
  FACT_TYPE_LABELS,
  labelOf,
  parisDateTime,
  URGENCY_LABELS,
} from './console-labels.ts';
import { renderConsolePage } from './console-layout.ts';
import { shortRef } from './fiche.view.ts';

/** The sheet's blocks and the fact types each gathers. */
const BLOCKS: { title: string; types: string[] }[] = [
  { title: 'Créneau horaire', types: ['datetime', 'date', 'time', 'recurrence'] },
  {
    title: 'Personnes, tenues, comportements',
    types: ['persons', 'roles', 'person', 'nickname', 'description', 'clothing', 'behaviour', 'activity'],
  },
  { title: 'Véhicules et plaques', types: ['vehicle', 'vehicle_details', 'plate', 'plate_partial'] },
  { title: 'Produits', types: ['substance', 'price', 'money'] },
  { title: 'Armes signalées', types: ['weapon'] },
];

/**
 * The values of the facts of these types, as the agents left them (removed facts out). Only values:
 * never the quoted passage nor any message, so the sheet carries none of the reporter's own words.
 */
function valuesOf(fiche: ReportFiche, types: string[]): { type: string; value: string }[] {
  return fiche.facts
    .filter((fact) => types.includes(fact.type) && fact.status !== 'removed')
    .map((fact) => ({ type: fact.type, value: fact.label }));
}

function block(title: string, values: { type: string; value: string }[], showType: boolean): SafeHtml {
  return html`<section class="vigie-inter__bloc">
  <h2 class="fr-h6">${title}</h2>
  ${
    values.length
      ? html`<ul>${values.map((v) => html`<li>${showType ? html`<span class="vigie-inter__type">${labelOf(FACT_TYPE_LABELS, v.type)}&nbsp;:</span> ` : null}${v.value}</li>`)}</ul>`
      : html`<p class="vigie-vide">Non renseigné.</p>`
  }
</section>`;
}

/** The patrol's sheet: where, when, who, which vehicles and products; one printed A4 page. */
export function renderInterventionPage(agent: AgentPrincipal, fiche: ReportFiche, printedAt: Date): string {
  const title = `Fiche d’intervention ${shortRef(fiche.id)}`;
  const places = valuesOf(fiche, ['place', 'address', 'kind_of_place']);
  return renderConsolePage({
    title,
    agent,
    current: 'signalements',
    bodyClass: 'vigie-intervention',
    scripts: ['console-print.js'],
    main: html`<div class="vigie-titre-ligne vigie-no-print">
  <p><a class="fr-link fr-link--sm" href="${`/console/signalements/${fiche.id}`}">← Retour à la fiche</a></p>
  <button data-js disabled type="button" id="imprimer" class="fr-btn fr-btn--sm">Imprimer</button>
</div>
<article class="vigie-inter">
  <header class="vigie-inter__entete">
    <h1 class="fr-h3">${title}</h1>
    <p>${labelOf(CATEGORY_LABELS, fiche.category)} · urgence ${labelOf(URGENCY_LABELS, fiche.urgency).toLowerCase()} · unité ${fiche.unit ?? '—'}<br>
    Signalement reçu le ${parisDateTime(fiche.createdAt)} · fiche éditée le ${parisDateTime(printedAt)} par ${agent.username}</p>
  </header>
  <section class="vigie-inter__bloc vigie-inter__lieu">
    <h2 class="fr-h6">Lieu</h2>
    <dl>
      <div><dt>Commune</dt><dd>${fiche.place.commune ?? '—'}${fiche.place.communeInsee ? ` (${fiche.place.communeInsee})` : ''}</dd></div>
      <div><dt>Adresse</dt><dd>${fiche.place.address ?? '—'}</dd></div>
      <div><dt>Point de repère</dt><dd>${fiche.place.landmark ?? '—'}</dd></div>
    </dl>
    ${places.length ? html`<ul>${places.map((p) => html`<li>${p.value}</li>`)}</ul>` : null}
  </section>
  ${BLOCKS.map((b) => block(b.title, valuesOf(fiche, b.types), b.types.length > 1))}
  <p class="vigie-inter__mention">Document à diffusion restreinte. Ne contient aucune information sur la personne à l’origine du signalement.</p>
</article>`,
  });
}
