import { assetUrl } from './asset-url.ts';
import { html, type SafeHtml } from './html.ts';
import { citizenStylesheet, PRELOADED_FONTS } from './static-assets.ts';

/**
 * Where "Quitter rapidement" leads: an ordinary weather search, harmless in a watched history.
 * Nothing is requested from it unless the person clicks.
 */
export const NEUTRAL_EXIT_URL = 'https://www.google.fr/search?q=m%C3%A9t%C3%A9o';
/** Ends the session on the device, then redirects to NEUTRAL_EXIT_URL (chat.routes.ts). */
export const QUICK_EXIT_PATH = '/sortie';

export interface PageOptions {
  /** The page's own title; " — Vigie" is appended. Must be unique per page. */
  title: string;
  main: SafeHtml;
  /** Extra scripts from src/web/public (quick-exit.js is always included). */
  scripts?: readonly string[];
  /** Pages holding a conversation are kept out of search engines. */
  noIndex?: boolean;
}

function emergencyBand(): SafeHtml {
  return html`<div class="vigie-urgence" role="region" aria-label="Urgences et sortie rapide">
  <div class="fr-container vigie-urgence__inner">
    <p class="vigie-urgence__numeros">
      <span class="vigie-urgence__titre">Urgence&nbsp;:</span>
      <a class="vigie-urgence__num" href="tel:17">17<span class="vigie-urgence__detail"> Police secours</span></a>
      <a class="vigie-urgence__num" href="tel:112">112</a>
      <a class="vigie-urgence__num" href="sms:114">114<span class="vigie-urgence__detail"> par SMS</span><span class="fr-sr-only"> (sourds, malentendants ou si vous ne pouvez pas parler)</span></a>
    </p>
    <a id="quitter-rapidement" class="vigie-quitter" href="${QUICK_EXIT_PATH}" data-neutre="${NEUTRAL_EXIT_URL}" rel="noreferrer">Quitter rapidement</a>
  </div>
</div>`;
}

function skipLinks(): SafeHtml {
  return html`<div class="fr-skiplinks">
  <nav class="fr-container" aria-label="Accès rapide">
    <ul class="fr-skiplinks__list">
      <li><a class="fr-link" href="#contenu">Contenu</a></li>
      <li><a class="fr-link" href="#pied-de-page">Pied de page</a></li>
    </ul>
  </nav>
</div>`;
}

function header(): SafeHtml {
  return html`<header role="banner" class="fr-header">
  <div class="fr-header__body">
    <div class="fr-container">
      <div class="fr-header__body-row">
        <div class="fr-header__brand">
          <div class="fr-header__service">
            <a href="/" title="Accueil — Vigie — Signalement anonyme">
              <p class="fr-header__service-title">Vigie — Signalement anonyme</p>
            </a>
            <p class="fr-header__service-tagline">Signaler des faits à la police, sans donner son identité. 24&nbsp;h/24, 7&nbsp;j/7.</p>
          </div>
        </div>
      </div>
    </div>
  </div>
  ${emergencyNotice()}
</header>`;
}

function emergencyNotice(): SafeHtml {
  return html`<div class="vigie-avis-urgence">
  <div class="fr-container">
    <p><strong>En danger immédiat&nbsp;?</strong> Appelez le <a href="tel:17">17</a> (Police secours) ou le <a href="tel:112">112</a>.
    Vous ne pouvez pas parler&nbsp;? Envoyez un SMS au <a href="sms:114">114</a> (sourds, malentendants ou si vous ne pouvez pas parler).</p>
  </div>
</div>`;
}

function footer(): SafeHtml {
  return html`<footer class="fr-footer" role="contentinfo" id="pied-de-page">
  <div class="fr-container">
    <div class="fr-footer__body">
      <div class="fr-footer__brand">
        <p class="vigie-footer-titre">Vigie</p>
      </div>
      <div class="fr-footer__content">
        <p class="fr-footer__content-desc">Vigie permet de signaler anonymement des faits (trafic de stupéfiants, violences…) aux forces de l'ordre. Ce service ne remplace pas un appel d'urgence : en cas de danger immédiat, appelez le 17 ou le 112, ou envoyez un SMS au 114.</p>
        <ul class="fr-footer__content-list">
          <li class="fr-footer__content-item"><a class="fr-footer__content-link" href="/themes/stupefiants">Trafic de stupéfiants</a></li>
          <li class="fr-footer__content-item"><a class="fr-footer__content-link" href="/themes/violences-intrafamiliales">Violences intrafamiliales</a></li>
          <li class="fr-footer__content-item"><a class="fr-footer__content-link" href="/themes/violences-sexistes-et-sexuelles">Violences sexistes et sexuelles</a></li>
          <li class="fr-footer__content-item"><a class="fr-footer__content-link" href="/themes/autres-faits">Autres faits</a></li>
        </ul>
      </div>
    </div>
    <div class="fr-footer__bottom">
      <ul class="fr-footer__bottom-list">
        <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/accessibilite">Accessibilité : partiellement conforme</a></li>
        <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/confidentialite">Confidentialité et données</a></li>
        <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/quitter-rapidement">Quitter rapidement et effacer ses traces</a></li>
        <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/suivi">Suivre mon signalement</a></li>
      </ul>
    </div>
  </div>
</footer>`;
}

/**
 * Renders a full citizen page: DSFR look, skip links, the sticky emergency band with the
 * "Quitter rapidement" button, header, main content and footer. No inline script or style.
 */
export function renderPage(options: PageOptions): string {
  const scripts = ['quick-exit.js', ...(options.scripts ?? [])];
  return `<!doctype html>\n${
    html`<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${options.noIndex ? html`<meta name="robots" content="noindex, nofollow">` : null}
<title>${options.title} — Vigie</title>
<link rel="stylesheet" href="${citizenStylesheet().url}">
${PRELOADED_FONTS.map((href) => html`<link rel="preload" href="${href}" as="font" type="font/woff2" crossorigin>`)}
<link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="/dsfr/favicon/apple-touch-icon.png">
${scripts.map((name) => html`<script src="${assetUrl(name)}" defer></script>`)}
</head>
<body>
${skipLinks()}
${emergencyBand()}
${header()}
<main id="contenu" class="vigie-main" tabindex="-1">
<div class="fr-container">
${options.main}
</div>
</main>
${footer()}
</body>
</html>`.value
  }\n`;
}
