import { html } from '../../html.ts';
import { renderPage } from '../../layout.ts';
import { externalLink, startReportForm, urgentCallout } from '../components.ts';

/** GET /themes/violences-sexistes-et-sexuelles — orientation for sexual and sexist violence. */
export function renderSexualViolenceThemePage(): string {
  const main = html`<h1>Violences sexistes et sexuelles</h1>
<p class="fr-text--lead vigie-lead">Harcèlement, agression sexuelle, viol, outrage sexiste&nbsp;: ce qui vous est arrivé n'est pas de votre faute.
Vous pouvez en parler, être conseillée ou conseillé, et être accompagné pour porter plainte si vous le souhaitez.</p>

${urgentCallout()}

<h2>Être écoutée, être écouté</h2>
<ul>
  <li><span class="vigie-numero"><a href="tel:3919">3919</a></span> — écoute et orientation, 24&nbsp;h/24, 7&nbsp;j/7, gratuit et anonyme.</li>
  <li>${externalLink('https://arretonslesviolences.gouv.fr', 'arretonslesviolences.gouv.fr')}&nbsp;: échanger par écrit,
  24&nbsp;h/24, avec des policiers ou gendarmes formés aux violences sexuelles et sexistes, sans avoir à vous déplacer.</li>
</ul>

<h2>Conserver les preuves</h2>
<p>Si vous le pouvez, gardez les messages, photos, vêtements, et consultez un médecin rapidement&nbsp;: ces éléments
pourront servir plus tard, même si vous ne savez pas encore si vous voulez porter plainte.</p>

<h2>Signaler par écrit sur Vigie</h2>
<p>Vous pouvez décrire les faits dont vous avez été victime ou témoin. Vous n'êtes pas obligé de donner votre nom.</p>
${startReportForm({ category: 'violences_sexuelles' })}`;
  return renderPage({ title: 'Violences sexistes et sexuelles', main });
}
