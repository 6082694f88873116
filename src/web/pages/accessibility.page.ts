import { html } from '../html.ts';
import { renderPage } from '../layout.ts';
import { externalLink } from './components.ts';

/** GET /accessibilite — draft RGAA accessibility statement. */
export function renderAccessibilityPage(): string {
  const main = html`<h1>Déclaration d'accessibilité</h1>
<p class="fr-text--lead vigie-lead">Vigie s'engage à rendre son service accessible, conformément à l'article 47 de la loi n°&nbsp;2005-102 du 11 février 2005.</p>
<p>Cette déclaration d'accessibilité s'applique au site citoyen de Vigie (signalement et suivi).</p>

<h2>État de conformité</h2>
<p>Le site citoyen de Vigie est <strong>partiellement conforme</strong> avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.2.
Cette déclaration est provisoire&nbsp;: l'audit de conformité complet reste à réaliser, et ses résultats seront publiés ici.</p>

<h2>Ce qui a été pris en compte dès la conception</h2>
<ul>
  <li>Le site fonctionne sans JavaScript&nbsp;; avec JavaScript, la conversation s'affiche en direct.</li>
  <li>Les nouveaux messages sont annoncés aux lecteurs d'écran (zone de conversation en direct).</li>
  <li>Tous les champs ont une étiquette&nbsp;; tout se fait au clavier, avec un focus visible.</li>
  <li>Le site s'affiche sur un écran de 320 pixels de large et supporte un zoom de 200&nbsp;%.</li>
  <li>Les contrastes de couleurs suivent le Système de design de l'État (DSFR).</li>
</ul>

<h2>Contenus non accessibles connus</h2>
<ul>
  <li>L'annonce des nouveaux messages en direct peut varier selon le lecteur d'écran et le navigateur utilisés.</li>
  <li>Le récépissé est une suite de lettres et de chiffres&nbsp;: il est affiché en grands caractères espacés
  pour être lu ou recopié, mais il n'existe pas encore de version audio.</li>
</ul>

<h2>Établissement de cette déclaration</h2>
<p>Technologies utilisées&nbsp;: HTML5, CSS, JavaScript (facultatif). Environnements de test prévus&nbsp;: NVDA avec Firefox,
JAWS avec Chrome, VoiceOver avec Safari sur iPhone, TalkBack avec Chrome sur Android.</p>

<h2>Retour d'information et contact</h2>
<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez le décrire dans une conversation Vigie
en commençant par «&nbsp;Accessibilité&nbsp;»&nbsp;: nous vous orienterons vers une autre façon d'y accéder.</p>

<h2>Voies de recours</h2>
<p>Si vous constatez un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service, que vous nous l'avez signalé
et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits&nbsp;:</p>
<ul>
  <li>${externalLink('https://formulaire.defenseurdesdroits.fr', 'écrire au Défenseur des droits (formulaire en ligne)')}&nbsp;;</li>
  <li>contacter le délégué du Défenseur des droits de votre région&nbsp;;</li>
  <li>écrire gratuitement, sans timbre&nbsp;: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
</ul>`;
  return renderPage({ title: "Déclaration d'accessibilité", main });
}
