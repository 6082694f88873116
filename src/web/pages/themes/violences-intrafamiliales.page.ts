import { html } from '../../html.ts';
import { renderPage } from '../../layout.ts';
import { externalLink, startReportForm, urgentCallout } from '../components.ts';

/** GET /themes/violences-intrafamiliales — orientation for victims and witnesses of domestic violence. */
export function renderDomesticViolenceThemePage(): string {
  const main = html`<h1>Violences dans le couple ou la famille</h1>
<p class="fr-text--lead vigie-lead">Vous subissez des violences, ou vous en êtes témoin&nbsp;? Vous n'êtes pas seule, pas seul.
Des professionnels peuvent vous écouter, vous conseiller et vous protéger.</p>

${urgentCallout()}

<h2>Parler à quelqu'un</h2>
<ul>
  <li><span class="vigie-numero"><a href="tel:3919">3919</a></span> — Violences Femmes Info&nbsp;: écoute et conseils,
  24&nbsp;h/24, 7&nbsp;j/7. Gratuit, anonyme, <strong>l'appel n'apparaît pas sur les factures de téléphone</strong>
  (pensez à l'effacer de l'historique des appels du téléphone).</li>
  <li><span class="vigie-numero"><a href="tel:17">17</a></span> — Police secours, en cas de danger.</li>
  <li><span class="vigie-numero"><a href="sms:114">114</a></span> — par SMS, si vous ne pouvez pas parler (la personne violente est à côté, vous êtes sourde ou malentendante).</li>
  <li><span class="vigie-numero"><a href="tel:119">119</a></span> — Enfance en danger, si des enfants sont concernés.</li>
</ul>

<h2>Être accompagnée par la police</h2>
<p>Dans chaque département, des policiers et des gendarmes spécialisés (brigade de protection des familles, BPF,
et maisons de protection des familles) reçoivent les victimes de violences intrafamiliales. Vous pouvez porter plainte
dans n'importe quel commissariat ou gendarmerie, qui sont tenus de l'enregistrer.</p>
<p>Vous pouvez aussi échanger par écrit, 24&nbsp;h/24, avec des policiers et gendarmes formés sur
${externalLink('https://arretonslesviolences.gouv.fr', 'arretonslesviolences.gouv.fr')}.</p>

<h2>Signaler par écrit sur Vigie</h2>
<p>Vigie vous permet de décrire les faits par écrit, sans donner votre nom si vous le souhaitez.
Un policier peut vous répondre et vous orienter.</p>
${startReportForm({ category: 'violences_intrafamiliales' })}

<h2 class="fr-mt-4w">Quitter la page rapidement</h2>
<p>Le bouton rouge «&nbsp;Quitter rapidement&nbsp;», en haut de chaque page, ouvre aussitôt une page de météo.
Vous pouvez aussi appuyer deux fois sur la touche Échap. Si quelqu'un surveille votre appareil, utilisez la navigation privée.
<a href="/quitter-rapidement">Comment effacer ses traces sur un téléphone ou un ordinateur</a>.</p>`;
  return renderPage({ title: 'Violences dans le couple ou la famille', main });
}
