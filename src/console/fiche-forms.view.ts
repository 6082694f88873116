import { CATEGORIES } from '../conversations/engine/index.ts';
import { FACT_TYPES } from '../reports/edit-fact.ts';
import type { ReportFiche } from '../reports/get-report-fiche.ts';
import { RELIABILITIES, URGENCIES } from '../reports/qualify-report.ts';
import { REJECTION_MOTIVES } from '../reports/report-status.ts';
import { html, type SafeHtml } from '../web/html.ts';
import {
  CATEGORY_LABELS,
  CREDIBILITY_LABELS,
  FACT_TYPE_LABELS,
  labelOf,
  MOTIVE_LABELS,
  parisDateTime,
  RELIABILITY_LABELS,
  statusLabel,
  URGENCY_LABELS,
} from './console-labels.ts';

export interface UnitChoice {
  code: string;
  name: string;
}

const TRANSITION_LABELS: Record<string, string> = {
  transmitted: 'Transmettre',
  rejected: 'Rejeter',
  in_review: 'Prendre en examen',
  action_immediate: 'Décider une action immédiate',
  intelligence: 'Classer en renseignement',
  closed: 'Clore',
};

function option(value: string, label: string, selected: string | null | undefined): SafeHtml {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : null}>${label}</option>`;
}

/** A form's error zone, filled by console-fiche.js. */
function formError(id: string): SafeHtml {
  return html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" id="${id}" role="alert" hidden><p></p></div>`;
}

export function qualificationForm(fiche: ReportFiche): SafeHtml {
  const grading = fiche.grading;
  return html`<form id="qualification" class="vigie-form-grille" novalidate>
  ${formError('qualification-erreur')}
  <div class="fr-select-group">
    <label class="fr-label" for="q-category">Catégorie</label>
    <select class="fr-select" id="q-category" name="category">
      ${CATEGORIES.map((c) => option(c, labelOf(CATEGORY_LABELS, c), fiche.category))}
    </select>
  </div>
  <fieldset class="fr-fieldset vigie-fieldset-ligne" id="q-urgency">
    <legend class="fr-fieldset__legend fr-text--regular">Urgence</legend>
    ${URGENCIES.map(
      (u) => html`<div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group">
      <input type="radio" id="${`q-urgency-${u}`}" name="urgency" value="${u}"${fiche.urgency === u ? html` checked` : null}>
      <label class="fr-label" for="${`q-urgency-${u}`}">${labelOf(URGENCY_LABELS, u)}</label>
    </div></div>`,
    )}
  </fieldset>
  <div class="fr-select-group">
    <label class="fr-label" for="q-reliability">Fiabilité de la source <span class="fr-hint-text">Cotation A à F</span></label>
    <select class="fr-select" id="q-reliability" name="reliability">
      ${option('', 'Non cotée', grading?.reliability)}
      ${RELIABILITIES.map((r) => option(r, labelOf(RELIABILITY_LABELS, r), grading?.reliability))}
    </select>
  </div>
  <div class="fr-select-group">
    <label class="fr-label" for="q-credibility">Crédibilité de l’information <span class="fr-hint-text">Cotation 1 à 6</span></label>
    <select class="fr-select" id="q-credibility" name="credibility">
      ${option('', 'Non cotée', grading?.credibility === null || grading === undefined ? '' : String(grading.credibility))}
      ${Object.keys(CREDIBILITY_LABELS).map((c) => option(c, labelOf(CREDIBILITY_LABELS, c), grading?.credibility != null ? String(grading.credibility) : ''))}
    </select>
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="q-commune">Commune (code INSEE) <span class="fr-hint-text">${fiche.place.commune ? `Actuellement : ${fiche.place.commune}` : '5 caractères, par exemple 25056'}</span></label>
    <input class="fr-input" id="q-commune" name="communeInsee" value="${fiche.place.communeInsee ?? ''}" maxlength="5" pattern="[0-9AB]{5}">
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="q-address">Adresse</label>
    <input class="fr-input" id="q-address" name="address" value="${fiche.place.address ?? ''}" maxlength="300">
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="q-landmark">Point de repère</label>
    <input class="fr-input" id="q-landmark" name="landmark" value="${fiche.place.landmark ?? ''}" maxlength="300">
  </div>
  <button data-js disabled type="submit" class="fr-btn fr-btn--secondary">Enregistrer la qualification</button>
</form>`;
}

function transmitForm(fiche: ReportFiche, units: UnitChoice[]): SafeHtml {
  const suggested = fiche.suggestedUnit ?? '';
  return html`<form class="vigie-transition" data-transition="transmitted" data-suggested="${suggested}" novalidate>
  <h3 class="fr-h6">Transmettre à une unité</h3>
  ${formError('transition-transmitted-erreur')}
  <div class="fr-select-group">
    <label class="fr-label" for="t-unit">Unité destinataire <span class="fr-hint-text">${suggested ? `Proposée par la table de routage : ${suggested}` : 'Aucune unité proposée par la table de routage'}</span></label>
    <select class="fr-select" id="t-unit" name="unit" required>
      ${suggested ? null : option('', 'Choisir une unité', '')}
      ${units.map((u) => option(u.code, `${u.code} — ${u.name}`, suggested))}
    </select>
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="t-reason">Raison <span class="fr-hint-text">Obligatoire si vous choisissez une autre unité que celle proposée</span></label>
    <textarea class="fr-input" id="t-reason" name="reason" rows="2" maxlength="2000"></textarea>
  </div>
  <button data-js disabled type="submit" class="fr-btn">Transmettre</button>
</form>`;
}

function rejectForm(): SafeHtml {
  return html`<form class="vigie-transition" data-transition="rejected" novalidate>
  <h3 class="fr-h6">Rejeter le signalement</h3>
  ${formError('transition-rejected-erreur')}
  <fieldset class="fr-fieldset vigie-fieldset-ligne" id="r-motive">
    <legend class="fr-fieldset__legend fr-text--regular">Motif du rejet</legend>
    ${REJECTION_MOTIVES.map(
      (m) => html`<div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group">
      <input type="radio" id="${`r-motive-${m}`}" name="motive" value="${m}" required>
      <label class="fr-label" for="${`r-motive-${m}`}">${labelOf(MOTIVE_LABELS, m)}</label>
    </div></div>`,
    )}
  </fieldset>
  <div class="fr-input-group">
    <label class="fr-label" for="r-reason">Raison (facultative)</label>
    <textarea class="fr-input" id="r-reason" name="reason" rows="2" maxlength="2000"></textarea>
  </div>
  <button data-js disabled type="submit" class="fr-btn fr-btn--secondary">Rejeter</button>
</form>`;
}

/** Only the moves this agent may make now (`allowedTransitions`), each its own small form. */
export function transitionsSection(fiche: ReportFiche, units: UnitChoice[]): SafeHtml {
  if (fiche.allowedTransitions.length === 0) {
    return html`<p class="vigie-vide">Aucun changement d’état possible pour vous dans l’état « ${statusLabel(fiche.status)} ».</p>`;
  }
  const simple = fiche.allowedTransitions.filter((to) => to !== 'transmitted' && to !== 'rejected');
  return html`${fiche.allowedTransitions.includes('transmitted') ? transmitForm(fiche, units) : null}
${
  simple.length
    ? html`<form class="vigie-transition" data-transition="" novalidate>
  ${formError('transition-erreur')}
  <div class="fr-input-group">
    <label class="fr-label" for="s-reason">Raison (facultative)</label>
    <textarea class="fr-input" id="s-reason" name="reason" rows="2" maxlength="2000"></textarea>
  </div>
  <ul class="fr-btns-group fr-btns-group--inline-md">
    ${simple.map((to) => html`<li><button data-js disabled type="submit" class="fr-btn fr-btn--secondary" name="to" value="${to}">${TRANSITION_LABELS[to] ?? statusLabel(to)}</button></li>`)}
  </ul>
</form>`
    : null
}
${fiche.allowedTransitions.includes('rejected') ? rejectForm() : null}`;
}

export function questionForm(): SafeHtml {
  return html`<form id="question" novalidate>
  ${formError('question-erreur')}
  <div class="fr-input-group">
    <label class="fr-label" for="question-texte">Poser une question au déclarant <span class="fr-hint-text">Il la lira dans son espace de suivi, avec son récépissé.</span></label>
    <textarea class="fr-input" id="question-texte" name="text" rows="3" maxlength="2000" required></textarea>
  </div>
  <button data-js disabled type="submit" class="fr-btn fr-btn--secondary">Envoyer la question</button>
</form>`;
}

export function addFactForm(): SafeHtml {
  return html`<form id="ajout-fait" class="vigie-form-grille" novalidate>
  ${formError('ajout-fait-erreur')}
  <div class="fr-select-group">
    <label class="fr-label" for="a-type">Type</label>
    <select class="fr-select" id="a-type" name="type">
      ${FACT_TYPES.map((t) => option(t, labelOf(FACT_TYPE_LABELS, t), 'other'))}
    </select>
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="a-value">Valeur</label>
    <input class="fr-input" id="a-value" name="value" required maxlength="500">
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="a-text">Passage du message <span class="fr-hint-text">Facultatif</span></label>
    <input class="fr-input" id="a-text" name="text" maxlength="1000">
  </div>
  <button data-js disabled type="submit" class="fr-btn fr-btn--secondary">Ajouter un fait</button>
</form>`;
}

export function historySection(fiche: ReportFiche): SafeHtml {
  return html`<ol class="vigie-historique">
  ${fiche.history.map(
    (h) =>
      html`<li><strong>${statusLabel(h.to)}</strong> — ${parisDateTime(h.at)}${h.agent ? html`, par ${h.agent}` : html`, automatique`}${
        h.unit ? html` · unité ${h.unit}` : null
      }${h.motive ? html` · motif : ${labelOf(MOTIVE_LABELS, h.motive)}` : null}${h.reason ? html`<br><span class="vigie-historique__raison">Raison : ${h.reason}</span>` : null}</li>`,
  )}
</ol>`;
}
