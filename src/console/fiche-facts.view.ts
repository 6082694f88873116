import type { FactView } from '../reports/fact-view.ts';
import type { AgentMessageView } from '../reports/get-report-fiche.ts';
import { html, type SafeHtml } from '../web/html.ts';
import {
  AUTHOR_LABELS,
  FACT_ORDER,
  FACT_STATUS_LABELS,
  FACT_TYPE_LABELS,
  labelOf,
  parisDateTime,
} from './console-labels.ts';

/** Fact types in the fiche's order (places and times first), then any type the list does not know. */
export function groupFacts(facts: FactView[]): [string, FactView[]][] {
  const groups = new Map<string, FactView[]>();
  for (const type of FACT_ORDER) groups.set(type, []);
  for (const fact of facts) {
    const group = groups.get(fact.type) ?? [];
    group.push(fact);
    groups.set(fact.type, group);
  }
  return [...groups].filter(([, group]) => group.length > 0);
}

/** One fact with its source and the agent's actions; console-fiche.js renders live facts the same way. */
export function factItem(fact: FactView, editable: boolean): SafeHtml {
  const removed = fact.status === 'removed';
  const described = html`<span class="fr-sr-only"> le fait « ${fact.label} »</span>`;
  return html`<li id="${`fait-${fact.id}`}" class="${`vigie-fait vigie-fait--${fact.status}`}" data-fact="${fact.id}">
  <p class="vigie-fait__valeur"><strong>${fact.label}</strong>${fact.label !== fact.value ? html` <code class="vigie-fait__code">${fact.value}</code>` : null}
    <span class="${`fr-badge fr-badge--sm ${badgeOf(fact.status)}`}">${labelOf(FACT_STATUS_LABELS, fact.status)}</span></p>
  ${fact.original ? html`<p class="vigie-fait__original">Valeur extraite&nbsp;: <del>${fact.original.value}</del></p>` : null}
  ${fact.text && fact.text !== fact.value && fact.text !== fact.label ? html`<blockquote class="vigie-fait__citation">« ${fact.text} »</blockquote>` : null}
  ${fact.messageId ? html`<p class="vigie-fait__source"><a class="fr-link fr-link--sm" href="${`#message-${fact.messageId}`}">voir le message</a></p>` : null}
  ${
    editable
      ? html`<div class="vigie-fait__actions">
    ${fact.status === 'extracted' ? html`<button data-js disabled type="button" class="fr-btn fr-btn--sm fr-btn--secondary" data-action="confirm">Confirmer${described}</button>` : null}
    ${removed ? null : html`<button data-js disabled type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" data-action="edit" aria-expanded="false" aria-controls="${`corriger-${fact.id}`}">Corriger${described}</button>`}
    ${removed ? html`<button data-js disabled type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" data-action="restore">Rétablir${described}</button>` : html`<button data-js disabled type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" data-action="remove">Retirer${described}</button>`}
  </div>
  <form class="vigie-fait__corriger" id="${`corriger-${fact.id}`}" data-fact-edit="${fact.id}" hidden>
    <div class="fr-input-group">
      <label class="fr-label" for="${`valeur-${fact.id}`}">Valeur corrigée</label>
      <input class="fr-input" id="${`valeur-${fact.id}`}" name="value" value="${fact.value}" required maxlength="500">
    </div>
    <button data-js disabled type="submit" class="fr-btn fr-btn--sm">Enregistrer la correction</button>
    <button data-js disabled type="button" class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline" data-action="cancel">Annuler</button>
  </form>`
      : null
  }
</li>`;
}

function badgeOf(status: string): string {
  switch (status) {
    case 'confirmed':
      return 'fr-badge--success';
    case 'edited':
      return 'fr-badge--info';
    case 'removed':
      return 'fr-badge--error';
    case 'added':
      return 'fr-badge--new';
    default:
      return '';
  }
}

/** The facts, grouped by type under headings (each group a list console-fiche.js may append to). */
export function factsSection(facts: FactView[], editable: boolean): SafeHtml {
  const groups = groupFacts(facts);
  return html`<div id="faits" data-types="${JSON.stringify(FACT_TYPE_LABELS)}">
  ${groups.map(
    ([
      type,
      group,
    ]) => html`<section class="vigie-faits-groupe" data-type="${type}" aria-labelledby="${`type-${type}`}">
    <h3 class="fr-h6" id="${`type-${type}`}">${labelOf(FACT_TYPE_LABELS, type)}</h3>
    <ul class="vigie-faits">${group.map((fact) => factItem(fact, editable))}</ul>
  </section>`,
  )}
  <p id="faits-vide" class="vigie-vide"${groups.length ? html` hidden` : null}>Aucun fait extrait.</p>
</div>`;
}

/**
 * A message's words: the bot's list (its summary) from its data, each item one <li>; any other text one
 * paragraph, its line breaks kept (CSS `pre-wrap`), never cut into a list. console-fiche.js does the same.
 */
function messageText(message: AgentMessageView): SafeHtml {
  const list = message.author === 'bot' || message.author === 'system' ? message.list : undefined;
  if (!list) return html`<p class="vigie-msg__texte">${message.text}</p>`;
  return html`<div class="vigie-msg__texte">${list.before ? html`<p>${list.before}</p>` : null}<ul class="vigie-msg__liste">${list.items.map(
    (item) => html`<li>${item}</li>`,
  )}</ul>${list.after ? html`<p>${list.after}</p>` : null}</div>`;
}

/** One message of the transcript, with the anchor the facts link to. */
export function messageItem(message: AgentMessageView): SafeHtml {
  return html`<li id="${`message-${message.id}`}" class="${`vigie-msg vigie-msg--${message.author}${message.internal ? ' vigie-msg--interne' : ''}`}" tabindex="-1">
  <p class="vigie-msg__auteur"><strong>${labelOf(AUTHOR_LABELS, message.author)}</strong>
    ${message.internal ? html`<span class="fr-badge fr-badge--sm fr-badge--warning">Note interne</span>` : null}
    <span class="vigie-msg__date">${parisDateTime(message.at)}</span></p>
  ${messageText(message)}
</li>`;
}

export function transcriptSection(messages: AgentMessageView[]): SafeHtml {
  return html`<ol id="transcription" class="vigie-transcription" aria-label="Messages de la conversation">
  ${messages.map(messageItem)}
</ol>`;
}
