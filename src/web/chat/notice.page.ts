import { html, type SafeHtml } from '../html.ts';
import { renderPage } from '../layout.ts';
import { startReportForm } from '../pages/components.ts';

/** A short page telling the person where they stand (no conversation, erased, expired…). */
export function renderNoticePage(options: { title: string; message: string; extra?: SafeHtml }): string {
  const main = html`<h1>${options.title}</h1>
<p class="fr-text--lead vigie-lead">${options.message}</p>
${options.extra ?? null}
<ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
  <li>${startReportForm({ label: 'Faire un signalement', large: false })}</li>
  <li><a class="fr-btn fr-btn--secondary" href="/suivi">Suivre mon signalement</a></li>
</ul>`;
  return renderPage({ title: options.title, main, noIndex: true });
}
