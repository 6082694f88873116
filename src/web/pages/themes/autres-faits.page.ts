import { html } from '../../html.ts';
import { renderPage } from '../../layout.ts';
import { externalLink, startReportForm } from '../components.ts';

/** GET /themes/autres-faits — the official services better suited to online facts and complaints. */
export function renderOtherFactsThemePage(): string {
  const main = html`<h1>Autres faits</h1>
<p class="fr-text--lead vigie-lead">Pour certains faits, un service officiel dédié est plus adapté que Vigie.</p>

<h2>Contenu illicite sur internet</h2>
<p>Menaces, apologie du terrorisme, pédocriminalité, incitation à la haine sur un site ou un réseau social&nbsp;:
signalez-le sur PHAROS, la plateforme du ministère de l'Intérieur.<br>
${externalLink('https://www.internet-signalement.gouv.fr', 'Signaler un contenu sur internet-signalement.gouv.fr (PHAROS)')}</p>

<h2>Escroquerie en ligne</h2>
<p>Arnaque à la vente ou à l'achat sur internet, faux site, chantage en ligne&nbsp;: déposez plainte en ligne avec THESEE.<br>
${externalLink('https://www.masecurite.interieur.gouv.fr/fr/demarches-en-ligne/plainte-en-ligne-escroquerie-thesee', 'Porter plainte en ligne pour une escroquerie (THESEE)')}</p>

<h2>Fraude à la carte bancaire</h2>
<p>Des paiements que vous n'avez pas faits alors que vous avez toujours votre carte&nbsp;: signalez-les avec Perceval.<br>
${externalLink('https://www.service-public.fr/particuliers/vosdroits/F34347', 'Signaler une fraude à la carte bancaire (Perceval)')}</p>

<h2>Préparer une plainte</h2>
<p>Vol, dégradation, escroquerie dont l'auteur est inconnu&nbsp;: faites une pré-plainte en ligne puis prenez rendez-vous pour la signer.<br>
${externalLink('https://www.pre-plainte-en-ligne.gouv.fr', 'Faire une pré-plainte en ligne')}</p>

<h2>Un autre fait à signaler aux forces de l'ordre</h2>
<p>Pour tout autre fait, vous pouvez faire un signalement anonyme sur Vigie.</p>
${startReportForm({ category: 'autre' })}`;
  return renderPage({ title: 'Autres faits', main });
}
