import { html } from '../html.ts';
import { renderPage } from '../layout.ts';

/** GET /quitter-rapidement — how the quick exit works and how to clear one's tracks, browser by browser. */
export function renderQuickExitPage(): string {
  const main = html`<h1>Quitter rapidement et effacer ses traces</h1>
<p class="fr-text--lead vigie-lead">Si quelqu'un peut voir votre écran ou fouiller votre téléphone, ces conseils vous aident à ne pas laisser de trace.</p>

<h2>Le bouton «&nbsp;Quitter rapidement&nbsp;»</h2>
<ul>
  <li>En haut de chaque page, le bouton rouge «&nbsp;Quitter rapidement&nbsp;» ouvre aussitôt une recherche «&nbsp;météo&nbsp;».</li>
  <li>Sur un ordinateur, appuyez <strong>deux fois sur la touche Échap</strong> pour obtenir le même effet.</li>
  <li>La conversation en cours se ferme sur cet appareil&nbsp;: ni le bouton «&nbsp;Retour&nbsp;» ni une nouvelle visite
  du site ne la montrent. Un signalement déjà transmis n'est pas perdu&nbsp;: vous le retrouvez avec votre récépissé.
  Une conversation pas encore transmise ne peut plus être reprise&nbsp;: il faudra recommencer.</li>
  <li>Le navigateur est aussi prié d'effacer tout ce que Vigie a pu laisser sur l'appareil&nbsp;: cookies, données
  enregistrées et pages en cache (l'historique, lui, reste à effacer&nbsp;: voir ci-dessous).</li>
  <li>Le suivi ouvert avec le récépissé ne montre jamais votre signalement tel que vous l'avez transmis&nbsp;: seulement
  son état, les questions des policiers et les réponses données depuis. Quitter le suivi ne ferme que cet accès.</li>
  <li>Avec JavaScript, la page de Vigie est aussi remplacée dans l'historique. Les pages de Vigie visitées avant y restent
  (sans leur contenu)&nbsp;: effacez-les (voir ci-dessous) ou utilisez la navigation privée.</li>
</ul>

<h2>Le plus sûr&nbsp;: la navigation privée</h2>
<p>En navigation privée, le navigateur ne garde ni historique, ni cookie une fois les onglets privés fermés.
Fermez tous les onglets privés quand vous avez terminé.</p>
<ul>
  <li>Chrome&nbsp;: menu ⋮, puis «&nbsp;Nouvel onglet de navigation privée&nbsp;».</li>
  <li>Firefox&nbsp;: menu, puis «&nbsp;Nouvelle fenêtre de navigation privée&nbsp;» (sur Android, l'icône de masque).</li>
  <li>Safari sur iPhone&nbsp;: bouton des onglets, puis «&nbsp;Privée&nbsp;».</li>
  <li>Samsung Internet&nbsp;: bouton des onglets, puis «&nbsp;Activer le mode Secret&nbsp;».</li>
</ul>

<h2>Effacer l'historique après coup</h2>
<h3>Chrome sur Android</h3>
<p>Menu ⋮ → «&nbsp;Historique&nbsp;». Supprimez chaque page de Vigie avec la croix, ou choisissez
«&nbsp;Effacer les données de navigation&nbsp;» et cochez «&nbsp;Historique de navigation&nbsp;» et «&nbsp;Cookies et données des sites&nbsp;».</p>
<h3>Firefox</h3>
<p>Menu → «&nbsp;Historique&nbsp;». Supprimez les pages de Vigie une à une, ou «&nbsp;Effacer l'historique récent&nbsp;»
(sur Android&nbsp;: icône de corbeille).</p>
<h3>Safari sur iPhone</h3>
<p>Dans Safari&nbsp;: icône du livre → onglet de l'horloge → balayez une page vers la gauche pour la supprimer,
ou «&nbsp;Effacer&nbsp;». Ou bien&nbsp;: Réglages → Safari → «&nbsp;Effacer historique et données de site&nbsp;».</p>
<h3>Tor Browser</h3>
<p>Tor Browser ne garde pas d'historique. Pour tout effacer immédiatement, choisissez «&nbsp;Nouvelle identité&nbsp;»
(icône du balai, ou menu → «&nbsp;Nouvelle identité&nbsp;»)&nbsp;: tous les onglets se ferment et les données sont effacées.</p>

<h2>Autres traces possibles</h2>
<ul>
  <li>Les appels au 3919 n'apparaissent pas sur la facture, mais ils restent dans le journal d'appels du téléphone&nbsp;: supprimez-les.</li>
  <li>Si vous avez copié votre récépissé, il peut rester dans le presse-papiers ou l'historique du clavier.</li>
  <li>Les photos prises avec le téléphone restent dans la galerie après leur envoi&nbsp;: supprimez-les si besoin, y compris de la corbeille.</li>
</ul>`;
  return renderPage({ title: 'Quitter rapidement et effacer ses traces', main });
}
