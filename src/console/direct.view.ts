import type { AgentPrincipal } from '../agents/agent-principal.ts';
import { CATEGORIES } from '../conversations/engine/index.ts';
import type { CannedAnswer } from '../livechat/canned-answers.ts';
import { FACT_TYPES } from '../reports/edit-fact.ts';
import { html } from '../web/html.ts';
import {
  CATEGORY_LABELS,
  DANGER_FLAG_LABELS,
  FACT_STATUS_LABELS,
  FACT_TYPE_LABELS,
  labelOf,
} from './console-labels.ts';
import { renderConsolePage } from './console-layout.ts';

export interface DirectPageData {
  canned: CannedAnswer[];
  /** The units a chat may be transferred to (code and name), the platform excluded. */
  units: { code: string; name: string }[];
}

/**
 * The operators' live chat ("Direct"): the queue on the left, their chats as tabs, each with the
 * transcript and the composer beside the live fiche. Server-rendered frame and labels; the page's script
 * (console-direct.js) follows the queue and each chat over SSE and writes through the JSON API. It needs
 * JavaScript (the console may), and says so without it.
 */
export function renderDirectPage(agent: AgentPrincipal, data: DirectPageData): string {
  const labels = {
    categories: CATEGORY_LABELS,
    factTypes: FACT_TYPE_LABELS,
    factStatuses: FACT_STATUS_LABELS,
    dangerFlags: DANGER_FLAG_LABELS,
  };
  const main = html`<h1 class="fr-sr-only">Direct avec les déclarants</h1>
<noscript><div class="fr-alert fr-alert--error"><p>Le direct a besoin de JavaScript : activez-le pour cette page.</p></div></noscript>
<div id="direct" class="vigie-direct" data-labels="${JSON.stringify(labels)}" data-canned="${JSON.stringify(data.canned)}" data-me="${agent.username}">
  <aside class="vigie-direct-side" aria-labelledby="file-titre">
    <div class="fr-select-group vigie-direct-presence">
      <label class="fr-label" for="presence">Ma présence</label>
      <select class="fr-select" id="presence" data-js disabled>
        <option value="online">En ligne</option>
        <option value="away">Absent</option>
        <option value="offline">Hors ligne</option>
      </select>
      <p class="fr-hint-text fr-mb-0">En ligne : je reçois des conversations. Absent : je garde les miennes. Hors ligne : je les rends à la file.</p>
      <p class="fr-hint-text fr-mb-0" id="presence-etat" aria-live="polite"></p>
    </div>
    <button type="button" id="direct-son" class="fr-btn fr-btn--tertiary fr-btn--sm fr-mb-2w" hidden></button>
    <p id="direct-annonce" class="fr-sr-only" aria-live="assertive"></p>
    <h2 id="file-titre" class="fr-h6">File d’attente <span id="file-compte" class="fr-badge fr-badge--sm">0</span></h2>
    <ul id="file" class="vigie-direct-queue" aria-live="off"></ul>
    <p id="file-vide" class="fr-text--sm">Personne n’attend un policier.</p>
  </aside>
  <section class="vigie-direct-chats" aria-labelledby="mes-titre">
    <h2 id="mes-titre" class="fr-sr-only">Mes conversations</h2>
    <div role="tablist" id="onglets" class="vigie-direct-tabs" aria-label="Mes conversations"></div>
    <p id="aucune" class="vigie-direct-empty">Aucune conversation en cours. Passez « En ligne » pour en recevoir, ou prenez-en une dans la file.</p>
    <div id="panneaux"></div>
  </section>
</div>

<template id="modele-conversation">
  <div role="tabpanel" class="vigie-direct-panel" tabindex="-1">
    <div class="vigie-direct-talk">
      <div class="vigie-direct-prequal" data-ref="prequal"></div>
      <ol class="vigie-direct-log" data-ref="log" aria-live="polite" aria-relevant="additions"></ol>
      <form class="vigie-direct-compose" data-ref="compose" novalidate>
        <div class="fr-alert fr-alert--error fr-alert--sm" data-ref="erreur" role="alert" hidden><p></p></div>
        <label class="fr-label" data-ref="texte-label">Message à la personne <span class="fr-hint-text">Entrée : envoyer ; Maj+Entrée : à la ligne ; « / » : réponses types</span></label>
        <div class="vigie-direct-input">
          <textarea class="fr-input" data-ref="texte" rows="3" maxlength="2000" role="combobox" aria-autocomplete="list" aria-expanded="false"></textarea>
          <ul class="vigie-direct-canned" data-ref="types" role="listbox" aria-label="Réponses types" hidden></ul>
        </div>
        <div class="vigie-direct-compose-row">
          <div class="fr-checkbox-group fr-checkbox-group--sm">
            <input type="checkbox" data-ref="interne">
            <label class="fr-label" data-ref="interne-label">Note interne (jamais montrée à la personne)</label>
          </div>
          <button type="submit" class="fr-btn fr-btn--sm">Envoyer</button>
        </div>
      </form>
    </div>
    <div class="vigie-direct-fiche">
      <h3 class="fr-h6">Fiche en cours</h3>
      <ul class="vigie-direct-facts" data-ref="faits"></ul>
      <p class="fr-text--sm" data-ref="faits-vide">Le robot n’a encore compris aucun fait.</p>
      <details class="vigie-direct-add">
        <summary>Ajouter un fait dit autrement</summary>
        <form data-ref="ajout" novalidate>
          <div class="fr-select-group"><label class="fr-label" data-ref="ajout-type-label">Type</label>
            <select class="fr-select" data-ref="ajout-type">${FACT_TYPES.map((type) => html`<option value="${type}">${labelOf(FACT_TYPE_LABELS, type)}</option>`)}</select></div>
          <div class="fr-input-group"><label class="fr-label" data-ref="ajout-valeur-label">Valeur</label>
            <input class="fr-input" data-ref="ajout-valeur" maxlength="500"></div>
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">Ajouter</button>
        </form>
      </details>
      <h3 class="fr-h6 fr-mt-2w">Terminer</h3>
      <form data-ref="clore" novalidate>
        <div class="fr-select-group" data-ref="clore-categorie" hidden><label class="fr-label" data-ref="categorie-label">Catégorie (le robot ne l’a pas apprise)</label>
          <select class="fr-select" data-ref="categorie"><option value="">Choisir</option>${CATEGORIES.map((c) => html`<option value="${c}">${labelOf(CATEGORY_LABELS, c)}</option>`)}</select></div>
        <button type="submit" class="fr-btn fr-btn--sm">Clore et créer le signalement</button>
      </form>
      <details class="vigie-direct-transfer">
        <summary>Transférer</summary>
        <form data-ref="transfert" novalidate>
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend fr-text--sm">Vers</legend>
            <div class="fr-fieldset__element"><div class="fr-radio-group fr-radio-group--sm"><input type="radio" value="agent" data-ref="vers-agent" checked><label class="fr-label" data-ref="vers-agent-label">un autre opérateur</label></div></div>
            <div class="fr-fieldset__element"><div class="fr-radio-group fr-radio-group--sm"><input type="radio" value="unit" data-ref="vers-unite"><label class="fr-label" data-ref="vers-unite-label">une unité (la conversation devient un signalement transmis)</label></div></div>
          </fieldset>
          <div class="fr-input-group" data-ref="agent-groupe"><label class="fr-label" data-ref="agent-label">Identifiant de l’opérateur</label><input class="fr-input" data-ref="agent" maxlength="64" autocomplete="off"></div>
          <div class="fr-select-group" data-ref="unite-groupe" hidden><label class="fr-label" data-ref="unite-label">Unité</label>
            <select class="fr-select" data-ref="unite">${data.units.map((unit) => html`<option value="${unit.code}">${unit.code} — ${unit.name}</option>`)}</select></div>
          <div class="fr-input-group"><label class="fr-label" data-ref="raison-label">Raison <span class="fr-hint-text">obligatoire vers une unité</span></label><textarea class="fr-input" data-ref="raison" rows="2" maxlength="2000"></textarea></div>
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">Transférer</button>
        </form>
      </details>
    </div>
  </div>
</template>`;
  return renderConsolePage({
    title: 'Direct',
    agent,
    current: 'direct',
    main,
    scripts: ['console-direct.js'],
    bodyClass: 'vigie-console--direct',
  });
}
