import { html } from '../html.ts';
import { renderPage } from '../layout.ts';
import { errorAlert } from '../pages/components.ts';

/** GET /suivi — type the receipt to come back to a report. */
export function renderFollowupLoginPage(options: { error?: string; receipt?: string } = {}): string {
  const main = html`<h1>Suivre mon signalement</h1>
<p class="fr-text--lead vigie-lead">Saisissez le récépissé reçu à la fin de votre signalement pour voir où il en est,
répondre aux questions des policiers ou ajouter des informations.</p>
${errorAlert(options.error, 'recepisse')}
<form method="post" action="/suivi" autocomplete="off" class="vigie-lead">
  <div class="fr-input-group${options.error ? ' fr-input-group--error' : ''}">
    <label class="fr-label" for="recepisse">Votre récépissé
      <span class="fr-hint-text" id="recepisse-aide">16 lettres et chiffres, par exemple 7K3M-Q9TX-2HBD-W4NR. Les tirets, espaces et majuscules ne comptent pas.</span>
    </label>
    <input class="fr-input" type="text" id="recepisse" name="receipt" required maxlength="60"
      autocomplete="off" autocapitalize="characters" autocorrect="off" spellcheck="false"
      aria-describedby="${options.error ? 'recepisse-aide recepisse-erreur' : 'recepisse-aide'}"${
        options.error ? html` aria-invalid="true"` : null
      } value="${options.receipt ?? ''}">
    ${options.error ? html`<p class="fr-error-text" id="recepisse-erreur">${options.error}</p>` : null}
  </div>
  <button type="submit" class="fr-btn">Accéder à mon signalement</button>
</form>
<p class="fr-mt-4w">Vous avez perdu votre récépissé&nbsp;? Nous ne pouvons pas le retrouver&nbsp;: seule une empreinte est conservée.
Vous pouvez <a href="/">faire un nouveau signalement</a> en précisant qu'il complète un signalement précédent.</p>`;
  return renderPage({ title: 'Suivre mon signalement', main, noIndex: true });
}
