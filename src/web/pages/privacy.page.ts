import { html } from '../html.ts';
import { renderPage } from '../layout.ts';

/** GET /confidentialite — what Vigie keeps, for how long, and what it never keeps. */
export function renderPrivacyPage(options: { receiptDays: number }): string {
  const main = html`<h1>Confidentialité et données</h1>
<p class="fr-text--lead vigie-lead">Vigie est conçu pour que personne ne puisse savoir qui a fait un signalement, pas même les policiers qui le lisent.</p>

<h2>Ce que nous n'enregistrons jamais</h2>
<ul>
  <li>Votre adresse IP, le modèle de votre appareil, votre navigateur.</li>
  <li>Aucune mesure d'audience, aucune publicité, aucun contenu chargé depuis un autre site (polices, images, scripts&nbsp;: tout vient de Vigie).</li>
  <li>Votre récépissé&nbsp;: nous n'en gardons qu'une empreinte. Nous ne pouvons pas vous le redonner si vous le perdez.</li>
</ul>

<h2>Ce que nous enregistrons</h2>
<ul>
  <li><strong>Vos messages et vos réponses</strong>, chiffrés avec une clé propre à votre signalement.</li>
  <li><strong>Vos photos</strong>, réenregistrées sans leurs métadonnées (position GPS, date, modèle du téléphone), puis chiffrées.</li>
  <li><strong>Les informations utiles à l'enquête</strong> que vous donnez (lieux, horaires, véhicules…), chiffrées elles aussi.</li>
</ul>
<p>N'écrivez dans vos messages que ce que vous voulez transmettre&nbsp;: votre nom, votre adresse ou votre téléphone ne sont jamais demandés.</p>

<h2>Le cookie</h2>
<p>Un seul cookie, <code>vigie_session</code> (<code>__Host-vigie_session</code> en HTTPS), relie votre navigateur à votre conversation. Il est indispensable au service,
n'est lisible que par Vigie et s'efface quand vous fermez le navigateur. Il n'y a pas de bandeau de consentement
parce qu'il n'y a aucun autre cookie.</p>

<h2>Qui peut lire votre signalement</h2>
<p>Seuls les policiers et gendarmes de l'unité chargée des faits (selon le lieu et le type de faits) peuvent le lire.
Chaque consultation est enregistrée&nbsp;: qui, quand, pourquoi.</p>

<h2>Combien de temps</h2>
<ul>
  <li>Votre récépissé permet de suivre votre signalement pendant ${options.receiptDays}&nbsp;jours.</li>
  <li>Une conversation commencée mais jamais transmise est effacée automatiquement après 30&nbsp;jours sans activité.</li>
  <li>Un signalement transmis est conservé le temps nécessaire à son traitement, dans les limites fixées par la réglementation.</li>
  <li>«&nbsp;Terminer et effacer&nbsp;» détruit immédiatement une conversation qui n'a pas été transmise&nbsp;:
  sa clé de chiffrement est détruite, son contenu devient illisible pour toujours.</li>
</ul>

<h2>Responsable du traitement</h2>
<p>Mentions à compléter avant la mise en service&nbsp;: responsable du traitement, délégué à la protection des données,
et droit d'introduire une réclamation auprès de la CNIL.</p>`;
  return renderPage({ title: 'Confidentialité et données', main });
}
