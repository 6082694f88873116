import { html } from '../html.ts';
import { renderPage } from '../layout.ts';
import { startReportForm } from './components.ts';

/** GET / — what Vigie is, the two main actions, and how anonymity is protected. */
export function renderHomePage(): string {
  const main = html`<h1>Signaler des faits, sans donner son identité</h1>
<p class="fr-text--lead vigie-lead">Vous êtes témoin ou victime&nbsp;? Décrivez ce que vous avez vu ou vécu.
Un assistant vous guide par écrit, puis des policiers reçoivent votre signalement.
Vous n'avez pas à donner votre nom. Le service est ouvert 24&nbsp;h/24, 7&nbsp;j/7.</p>

<div class="vigie-actions">
  <section class="vigie-action" aria-labelledby="titre-signaler">
    <h2 id="titre-signaler">Signaler des faits</h2>
    <p>Trafic de drogue, violences, autres faits&nbsp;: répondez à quelques questions, à votre rythme.
    Vous pouvez ajouter des photos. À la fin, vous recevez un récépissé pour suivre votre signalement.</p>
    ${startReportForm()}
  </section>
  <section class="vigie-action" aria-labelledby="titre-suivi">
    <h2 id="titre-suivi">Suivre mon signalement</h2>
    <p>Vous avez déjà fait un signalement et noté votre récépissé&nbsp;? Consultez où il en est,
    répondez aux questions des policiers ou ajoutez des informations.</p>
    <a class="fr-btn fr-btn--secondary fr-btn--lg fr-btn--icon-left fr-icon-search-line" href="/suivi">Suivre mon signalement</a>
  </section>
</div>

<h2>Votre anonymat est protégé</h2>
<ul>
  <li>Nous n'enregistrons pas votre adresse IP ni aucune information sur votre appareil.</li>
  <li>Un seul cookie, indispensable à la conversation&nbsp;; il disparaît quand vous fermez le navigateur.
  Pas de publicité, pas de mesure d'audience, aucun contenu chargé depuis un autre site.</li>
  <li>Vos messages sont chiffrés. Seuls les policiers chargés de votre signalement peuvent les lire.</li>
  <li>Les photos sont nettoyées&nbsp;: la position GPS, la date et le modèle du téléphone sont supprimés.</li>
  <li>N'écrivez votre nom que si vous le souhaitez. Ne vous mettez jamais en danger pour obtenir une information ou une photo.</li>
</ul>
<p>Si quelqu'un surveille votre téléphone ou votre ordinateur, utilisez la navigation privée et le bouton
«&nbsp;Quitter rapidement&nbsp;» (ou appuyez deux fois sur la touche Échap).
<a href="/quitter-rapidement">Comment quitter rapidement et effacer ses traces</a>.</p>

<h2>Quels faits signaler&nbsp;?</h2>
<ul class="vigie-liste-themes">
  <li><a href="/themes/stupefiants">Trafic de stupéfiants (point de deal, guetteurs, livraisons)</a></li>
  <li><a href="/themes/violences-intrafamiliales">Violences dans le couple ou la famille</a></li>
  <li><a href="/themes/violences-sexistes-et-sexuelles">Violences sexistes et sexuelles</a></li>
  <li><a href="/themes/autres-faits">Autres faits&nbsp;: arnaques, contenus illicites en ligne, plainte</a></li>
</ul>

<h2>Ce que Vigie n'est pas</h2>
<p>Vigie n'est pas un numéro d'urgence&nbsp;: la réponse peut prendre du temps. En cas de danger immédiat,
appelez le <a href="tel:17">17</a> ou le <a href="tel:112">112</a>, ou envoyez un SMS au <a href="sms:114">114</a>.
Un signalement n'est pas une plainte&nbsp;: pour porter plainte, rendez-vous dans un commissariat ou une gendarmerie.</p>`;
  return renderPage({ title: 'Accueil', main });
}
