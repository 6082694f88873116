import { html } from '../../html.ts';
import { renderPage } from '../../layout.ts';
import { startReportForm, urgentCallout } from '../components.ts';

/** GET /themes/stupefiants — what is useful to report about a drug-dealing spot, safely. */
export function renderDrugsThemePage(): string {
  const main = html`<h1>Signaler un trafic de stupéfiants</h1>
<p class="fr-text--lead vigie-lead">Un point de deal en bas de chez vous, des guetteurs, des allées et venues&nbsp;?
Votre signalement est transmis à la cellule du renseignement opérationnel sur les stupéfiants (CROS) du département,
qui le recoupe avec les autres informations reçues.</p>

${startReportForm({ category: 'stupefiants' })}

<h2 class="fr-mt-4w">Ce qui aide vraiment les enquêteurs</h2>
<ul>
  <li><strong>Le lieu précis</strong>&nbsp;: adresse, entrée d'immeuble, hall, parking, cage d'escalier.</li>
  <li><strong>Les jours et les heures</strong> où le trafic a lieu, et depuis quand.</li>
  <li><strong>Les personnes</strong>&nbsp;: combien, leur rôle (guetteur, vendeur, livreur), leurs vêtements, signes distinctifs.</li>
  <li><strong>Les véhicules</strong>&nbsp;: marque, modèle, couleur, immatriculation, même partielle.</li>
  <li><strong>Les habitudes</strong>&nbsp;: lieux où la drogue ou l'argent sont cachés, allées et venues d'un appartement.</li>
</ul>

<h2>Restez en sécurité</h2>
<ul>
  <li>N'intervenez pas et ne vous approchez pas des personnes.</li>
  <li>Ne prenez des photos que si personne ne peut vous voir. Les photos envoyées sont nettoyées (position GPS, date, modèle du téléphone).</li>
  <li>Vous n'avez pas à donner votre nom ni votre adresse. Ne dites pas dans quel appartement vous habitez si cela peut vous désigner.</li>
</ul>

${urgentCallout(html`<p class="fr-callout__text">Une bagarre, des coups de feu, une personne blessée&nbsp;: appelez le 17 tout de suite.</p>`)}`;
  return renderPage({ title: 'Signaler un trafic de stupéfiants', main });
}
