import { html } from '../html.ts';
import { renderPage } from '../layout.ts';

/** "7K3M-Q9TX-2HBD-W4NR" → its four groups. */
export function receiptGroups(receipt: string): string[] {
  return receipt.split('-').filter(Boolean);
}

/**
 * The one and only display of the receipt. It lives in this response alone (no-store): never in a URL,
 * a cookie, a log or browser storage. The form at the bottom ends the session once it is noted. Sent
 * again (a reload) before that, within the hour, the page shows the same receipt again (`shownAgain`).
 */
export function renderReceiptPage(options: {
  receipt: string;
  receiptDays: number;
  shownAgain?: boolean;
  /** The officer the citizen was talking with transmitted it, closing the chat. */
  byOfficer?: boolean;
}): string {
  const groups = receiptGroups(options.receipt);
  // Screen readers get it character by character, group by group.
  const spoken = groups.map((group) => group.split('').join(' ')).join(', ');
  const main = html`<h1>Votre signalement est transmis</h1>
<div class="fr-alert fr-alert--success fr-mb-4w">
  <p>${options.byOfficer ? "Le policier de la plateforme a terminé la conversation et transmis votre signalement aux forces de l'ordre. Merci." : "Merci. Votre signalement a été transmis aux forces de l'ordre."}</p>
</div>

<h2>Votre récépissé</h2>
${
  options.shownAgain
    ? html`<div class="fr-alert fr-alert--info fr-mb-2w">
  <p>La page a été rechargée&nbsp;: voici de nouveau votre récépissé. C'est le même qu'avant.</p>
</div>`
    : null
}
<p><strong>Notez-le maintenant&nbsp;: il ne sera plus affiché après cette page</strong>, et personne ne pourra vous le redonner.
Avec lui, vous pourrez suivre votre signalement et répondre aux questions des policiers pendant ${options.receiptDays}&nbsp;jours.</p>
<p class="vigie-recepisse" id="recepisse" data-recepisse="${options.receipt}" aria-hidden="true">${groups.join(' ')}</p>
<p class="fr-sr-only">Récépissé&nbsp;: ${spoken}.</p>
<p class="fr-text--sm">Pour le lire à voix haute ou le recopier&nbsp;: il ne contient jamais les lettres I, L, O ni U.
Un rond est donc toujours le chiffre zéro, un trait toujours le chiffre un. Les majuscules et les tirets ne comptent pas.</p>
<button type="button" class="fr-btn fr-btn--secondary fr-mb-2w" id="copier-recepisse" hidden>Copier le récépissé</button>
<p class="vigie-copie-etat" id="copie-etat" role="status"></p>
<p class="fr-text--sm">Gardez-le dans un endroit sûr, que personne d'autre ne consulte. Si vous le copiez, pensez qu'il peut rester dans le presse-papiers.</p>

<form method="post" action="/signaler/recepisse-note" id="form-recepisse-note" class="fr-mt-4w">
  <fieldset class="fr-fieldset">
    <legend class="fr-fieldset__legend">Avant de quitter cette page</legend>
    <div class="fr-fieldset__element">
      <div class="fr-checkbox-group">
        <input type="checkbox" id="recepisse-note" name="note" value="oui" required>
        <label class="fr-label" for="recepisse-note">J'ai noté mon récépissé</label>
      </div>
    </div>
  </fieldset>
  <button type="submit" class="fr-btn">Terminer</button>
</form>`;
  return renderPage({ title: 'Votre récépissé', main, scripts: ['receipt.js'], noIndex: true });
}

/** After the receipt is noted: the session is closed on this device. */
export function renderReceiptNotedPage(): string {
  const main = html`<h1>C'est terminé</h1>
<p class="fr-text--lead vigie-lead">Votre signalement est entre les mains des forces de l'ordre. Merci.</p>
<p>Pour votre sécurité, la conversation n'est plus accessible sur cet appareil. Pour la retrouver, répondre aux questions
des policiers ou ajouter des informations, utilisez votre récépissé.</p>
<p><a class="fr-btn fr-btn--secondary" href="/suivi">Suivre mon signalement</a></p>
<p>Si quelqu'un peut consulter cet appareil, pensez à <a href="/quitter-rapidement">effacer l'historique de navigation</a>.</p>`;
  return renderPage({ title: 'Signalement terminé', main, noIndex: true });
}
