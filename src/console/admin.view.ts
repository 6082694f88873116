import type { AgentPrincipal } from '../agents/agent-principal.ts';
import { ROLES } from '../agents/roles.ts';
import { CATEGORIES } from '../conversations/engine/index.ts';
import type { CannedAnswer } from '../livechat/canned-answers.ts';
import type { ChatSettings } from '../livechat/chat-settings.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { CATEGORY_LABELS, labelOf, parisDateTime, ROLE_NAMES, UNIT_KIND_LABELS } from './console-labels.ts';
import { renderConsolePage } from './console-layout.ts';

export interface AdminData {
  agents: { username: string; role: string; units: string[]; createdAt: Date; disabledAt: Date | null }[];
  units: {
    code: string;
    name: string;
    kind: string;
    departements: string[];
    zones: string[];
    categories: string[];
  }[];
  routing: { category: string; departement: string; unit: string }[];
  chatSettings: ChatSettings;
  canned: CannedAnswer[];
}

function table(id: string, caption: string, headers: string[], rows: SafeHtml[]): SafeHtml {
  return html`<div class="fr-table fr-table--sm fr-table--bordered fr-table--multiline vigie-table">
  <div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
    <table id="${id}">
      <caption class="fr-sr-only">${caption}</caption>
      <thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
      <tbody>${rows}</tbody>
    </table>
  </div></div></div>
</div>`;
}

function formError(id: string): SafeHtml {
  return html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" id="${id}" role="alert" hidden><p></p></div>`;
}

function accounts(data: AdminData, unitCodes: string[], self: string): SafeHtml {
  const rows = data.agents.map(
    (a) => html`<tr>
    <td>${a.username}</td><td>${labelOf(ROLE_NAMES, a.role)}</td><td>${a.units.join(', ') || '—'}</td>
    <td>${parisDateTime(a.createdAt)}</td>
    <td>${a.disabledAt ? `Désactivé le ${parisDateTime(a.disabledAt)}` : 'Actif'}</td>
    <td>${a.disabledAt || a.username === self ? null : html`<button data-js disabled type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" data-disable="${a.username}">Désactiver<span class="fr-sr-only"> le compte ${a.username}</span></button>`}</td>
  </tr>`,
  );
  return html`<section aria-labelledby="titre-comptes" class="fr-mb-6w">
  <h2 class="fr-h4" id="titre-comptes">Comptes des agents</h2>
  <div id="compte-cree" class="fr-alert fr-alert--success fr-mb-3w" role="alert" tabindex="-1" hidden>
    <h3 class="fr-alert__title">Compte créé : remettez ces informations à l’agent</h3>
    <p>Elles ne seront plus jamais affichées.</p>
    <dl class="vigie-secret">
      <div><dt>Identifiant</dt><dd id="cree-username"></dd></div>
      <div><dt>Mot de passe</dt><dd><code id="cree-password"></code></dd></div>
      <div><dt>Secret TOTP</dt><dd><code id="cree-secret"></code></dd></div>
      <div><dt>Adresse otpauth</dt><dd><code id="cree-url"></code></dd></div>
    </dl>
  </div>
  ${formError('admin-comptes-erreur')}
  ${table('table-comptes', 'Comptes des agents', ['Identifiant', 'Rôle', 'Unités', 'Créé le', 'État', 'Action'], rows)}
  <h3 class="fr-h6">Créer un compte</h3>
  <form id="form-compte" class="vigie-form-grille" novalidate>
    ${formError('form-compte-erreur')}
    <div class="fr-input-group">
      <label class="fr-label" for="c-username">Identifiant <span class="fr-hint-text">3 à 64 caractères : a-z, 0-9, point, tirets</span></label>
      <input class="fr-input" id="c-username" name="username" required maxlength="64" autocapitalize="none" spellcheck="false">
    </div>
    <div class="fr-select-group">
      <label class="fr-label" for="c-role">Rôle</label>
      <select class="fr-select" id="c-role" name="role">${ROLES.map((r) => html`<option value="${r}">${ROLE_NAMES[r]}</option>`)}</select>
    </div>
    <div class="fr-input-group">
      <label class="fr-label" for="c-units">Unités <span class="fr-hint-text">${`Codes séparés par des virgules (${unitCodes.join(', ')}) ; vide pour un opérateur ou un administrateur`}</span></label>
      <input class="fr-input" id="c-units" name="units" maxlength="200" autocapitalize="characters" spellcheck="false">
    </div>
    <button data-js disabled type="submit" class="fr-btn">Créer le compte</button>
  </form>
</section>`;
}

function units(data: AdminData): SafeHtml {
  const rows = data.units.map(
    (u) => html`<tr><td>${u.code}</td><td>${u.name}</td><td>${labelOf(UNIT_KIND_LABELS, u.kind)}</td>
    <td>${u.departements.join(', ') || '—'}</td><td>${u.zones.join(', ') || '—'}</td>
    <td>${u.categories.map((c) => labelOf(CATEGORY_LABELS, c)).join(', ') || '—'}</td></tr>`,
  );
  return html`<section aria-labelledby="titre-unites" class="fr-mb-6w">
  <h2 class="fr-h4" id="titre-unites">Unités</h2>
  ${table('table-unites', 'Unités', ['Code', 'Nom', 'Type', 'Départements', 'Zones', 'Catégories'], rows)}
  <h3 class="fr-h6">Créer ou modifier une unité</h3>
  <form id="form-unite" class="vigie-form-grille" novalidate>
    ${formError('form-unite-erreur')}
    <div class="fr-input-group">
      <label class="fr-label" for="u-code">Code <span class="fr-hint-text">Majuscules et chiffres, par exemple CROS70</span></label>
      <input class="fr-input" id="u-code" name="code" required maxlength="20" autocapitalize="characters" spellcheck="false">
    </div>
    <div class="fr-input-group">
      <label class="fr-label" for="u-name">Nom</label>
      <input class="fr-input" id="u-name" name="name" required maxlength="120">
    </div>
    <div class="fr-select-group">
      <label class="fr-label" for="u-kind">Type</label>
      <select class="fr-select" id="u-kind" name="kind">${Object.entries(UNIT_KIND_LABELS).map(([k, l]) => html`<option value="${k}">${l}</option>`)}</select>
    </div>
    <div class="fr-input-group">
      <label class="fr-label" for="u-departements">Départements <span class="fr-hint-text">Codes séparés par des virgules : 25, 39</span></label>
      <input class="fr-input" id="u-departements" name="departements" maxlength="100">
    </div>
    <div class="fr-select-group">
      <label class="fr-label" for="u-zone">Zone</label>
      <select class="fr-select" id="u-zone" name="zone"><option value="toutes">Police et gendarmerie</option><option value="police">Zone police</option><option value="gendarmerie">Zone gendarmerie</option></select>
    </div>
    <fieldset class="fr-fieldset" id="u-categories">
      <legend class="fr-fieldset__legend fr-text--regular">Catégories traitées</legend>
      ${CATEGORIES.map(
        (c) => html`<div class="fr-fieldset__element"><div class="fr-checkbox-group fr-checkbox-group--sm">
        <input type="checkbox" id="${`u-cat-${c}`}" name="categories" value="${c}">
        <label class="fr-label" for="${`u-cat-${c}`}">${labelOf(CATEGORY_LABELS, c)}</label>
      </div></div>`,
      )}
    </fieldset>
    <button data-js disabled type="submit" class="fr-btn">Enregistrer l’unité</button>
  </form>
</section>`;
}

function routing(data: AdminData): SafeHtml {
  const rows = data.routing.map(
    (
      r,
    ) => html`<tr><td>${labelOf(CATEGORY_LABELS, r.category)}</td><td>${r.departement}</td><td>${r.unit}</td>
    <td><button data-js disabled type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" data-route-category="${r.category}" data-route-departement="${r.departement}">Retirer<span class="fr-sr-only"> la règle ${labelOf(CATEGORY_LABELS, r.category)}, département ${r.departement}</span></button></td></tr>`,
  );
  return html`<section aria-labelledby="titre-routage">
  <h2 class="fr-h4" id="titre-routage">Table de routage</h2>
  <p>Catégorie × département → unité qui reçoit les signalements transmis par la plateforme.</p>
  ${formError('admin-routage-erreur')}
  ${table('table-routage', 'Table de routage', ['Catégorie', 'Département', 'Unité', 'Action'], rows)}
  <h3 class="fr-h6">Définir une règle</h3>
  <form id="form-routage" class="vigie-form-grille" novalidate>
    ${formError('form-routage-erreur')}
    <div class="fr-select-group">
      <label class="fr-label" for="r-category">Catégorie</label>
      <select class="fr-select" id="r-category" name="category">${CATEGORIES.map((c) => html`<option value="${c}">${labelOf(CATEGORY_LABELS, c)}</option>`)}</select>
    </div>
    <div class="fr-input-group">
      <label class="fr-label" for="r-departement">Département <span class="fr-hint-text">Code : 25, 2A, 974</span></label>
      <input class="fr-input" id="r-departement" name="departement" required maxlength="3">
    </div>
    <div class="fr-select-group">
      <label class="fr-label" for="r-unit">Unité</label>
      <select class="fr-select" id="r-unit" name="unit">${data.units.map((u) => html`<option value="${u.code}">${u.code} — ${u.name}</option>`)}</select>
    </div>
    <button data-js disabled type="submit" class="fr-btn">Enregistrer la règle</button>
  </form>
</section>`;
}

function direct(data: AdminData): SafeHtml {
  const rows = data.canned.map(
    (c) => html`<tr><td>/${c.shortcut}</td><td>${c.title}</td><td class="vigie-texte-long">${c.body}</td>
    <td><button data-js disabled type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" data-canned-edit="${c.id}" data-shortcut="${c.shortcut}" data-title="${c.title}" data-body="${c.body}">Modifier<span class="fr-sr-only"> la réponse /${c.shortcut}</span></button>
    <button data-js disabled type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" data-canned-delete="${c.id}">Supprimer<span class="fr-sr-only"> la réponse /${c.shortcut}</span></button></td></tr>`,
  );
  return html`<section aria-labelledby="titre-direct" class="fr-mb-6w">
  <h2 class="fr-h4" id="titre-direct">Direct avec les déclarants</h2>
  <form id="form-direct" class="vigie-form-grille" novalidate>
    ${formError('form-direct-erreur')}
    <div class="fr-input-group">
      <label class="fr-label" for="d-max">Conversations simultanées par opérateur <span class="fr-hint-text">De 1 à 20</span></label>
      <input class="fr-input" id="d-max" name="maxChatsPerOperator" type="number" min="1" max="20" required value="${String(data.chatSettings.maxChatsPerOperator)}">
    </div>
    <div class="fr-input-group">
      <label class="fr-label" for="d-away">Minutes sans activité avant « absent » <span class="fr-hint-text">De 1 à 240</span></label>
      <input class="fr-input" id="d-away" name="awayAfterMinutes" type="number" min="1" max="240" required value="${String(data.chatSettings.awayAfterMinutes)}">
    </div>
    <button data-js disabled type="submit" class="fr-btn">Enregistrer les réglages</button>
  </form>
  <h3 class="fr-h6 fr-mt-4w">Réponses types</h3>
  <p>Les opérateurs les insèrent en tapant « / » puis quelques lettres du raccourci ou du titre.</p>
  ${formError('admin-reponses-erreur')}
  ${table('table-reponses', 'Réponses types', ['Raccourci', 'Titre', 'Texte', 'Actions'], rows)}
  <form id="form-reponse" class="vigie-form-grille" novalidate>
    ${formError('form-reponse-erreur')}
    <input type="hidden" name="id" value="">
    <div class="fr-input-group">
      <label class="fr-label" for="c-shortcut">Raccourci <span class="fr-hint-text">Minuscules sans accent, chiffres, tirets : accueil, securite</span></label>
      <input class="fr-input" id="c-shortcut" name="shortcut" required maxlength="30">
    </div>
    <div class="fr-input-group">
      <label class="fr-label" for="c-title">Titre</label>
      <input class="fr-input" id="c-title" name="title" required maxlength="120">
    </div>
    <div class="fr-input-group vigie-form-large">
      <label class="fr-label" for="c-body">Texte envoyé à la personne</label>
      <textarea class="fr-input" id="c-body" name="body" required maxlength="2000" rows="3"></textarea>
    </div>
    <button data-js disabled type="submit" class="fr-btn">Enregistrer la réponse type</button>
  </form>
</section>`;
}

/** The administrator's page: accounts, units, routing, the live chat's settings. Nothing of any report. */
export function renderAdminPage(agent: AgentPrincipal, data: AdminData): string {
  return renderConsolePage({
    title: 'Administration',
    agent,
    current: 'admin',
    scripts: ['console-admin.js'],
    main: html`<h1 class="fr-h3">Administration</h1>
${accounts(
  data,
  data.units.map((u) => u.code),
  agent.username,
)}
${units(data)}
${routing(data)}
${direct(data)}`,
  });
}
