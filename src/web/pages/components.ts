import { html, type SafeHtml } from '../html.ts';

/**
 * A link to another site. `noreferrer` so the other site never learns the person came from Vigie,
 * `noopener` for good measure; no target, the person stays in the same tab.
 */
export function externalLink(href: string, text: string | SafeHtml): SafeHtml {
  return html`<a href="${href}" rel="noreferrer noopener">${text}</a>`;
}

/** The form starting a conversation: a POST, because it creates one. */
export function startReportForm(
  options: { category?: string; label?: string; large?: boolean } = {},
): SafeHtml {
  const label = options.label ?? 'Commencer mon signalement';
  return html`<form method="post" action="/signaler" class="vigie-demarrer">
  ${options.category ? html`<input type="hidden" name="category" value="${options.category}">` : null}
  <button type="submit" class="fr-btn ${options.large === false ? '' : 'fr-btn--lg'} fr-btn--icon-left fr-icon-chat-3-line">${label}</button>
</form>`;
}

/** The quick reminder of the emergency numbers, for theme pages. */
export function urgentCallout(extra?: SafeHtml): SafeHtml {
  return html`<div class="fr-callout">
  <h2 class="fr-callout__title fr-h5">En cas de danger immédiat</h2>
  <p class="fr-callout__text">Appelez le <a href="tel:17">17</a> (Police secours) ou le <a href="tel:112">112</a>.
  Si vous ne pouvez pas parler, envoyez un SMS au <a href="sms:114">114</a>.</p>
  ${extra ?? null}
</div>`;
}

/** A French-language error message shown in the page and announced at once. */
export function errorAlert(message: string | undefined, fieldId?: string): SafeHtml | null {
  if (!message) return null;
  // At the top of a long page, the way to the field that needs correcting.
  const link = fieldId ? html` <a href="${`#${fieldId}`}">Aller au champ concerné</a>` : null;
  return html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
  <p>${message}${link}</p>
</div>`;
}
