import { html } from '../web/html.ts';
import { renderConsolePage } from './console-layout.ts';

/** The console's sign-in page: identifier, password and TOTP code, posted as JSON by console-login.js. */
export function renderSignInPage(postedWithoutScript = false): string {
  return renderConsolePage({
    title: 'Connexion à la console',
    scripts: ['console-login.js'],
    main: html`<div class="fr-grid-row fr-grid-row--center">
  <div class="fr-col-12 fr-col-md-8 fr-col-lg-5">
    <h1 class="fr-h2">Connexion à la console</h1>
    <p>Réservée aux agents habilités. Chaque consultation est enregistrée au journal d’audit.</p>
    <noscript><div class="fr-alert fr-alert--warning fr-mb-3w"><p>La console nécessite JavaScript : activez-le pour vous connecter.</p></div></noscript>
    <div id="login-erreur" class="fr-alert fr-alert--error fr-mb-3w" role="alert"${postedWithoutScript ? null : html` hidden`}><p id="login-erreur-texte">${
      postedWithoutScript
        ? 'La console nécessite JavaScript : activez-le, puis connectez-vous de nouveau.'
        : ''
    }</p></div>
    <form id="login-form" class="vigie-console-card" method="post" action="/console" novalidate>
      <fieldset class="fr-fieldset">
        <legend class="fr-fieldset__legend fr-sr-only">Identifiants</legend>
        <div class="fr-fieldset__element">
          <div class="fr-input-group">
            <label class="fr-label" for="login-username">Identifiant</label>
            <input class="fr-input" id="login-username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64">
          </div>
        </div>
        <div class="fr-fieldset__element">
          <div class="fr-input-group">
            <label class="fr-label" for="login-password">Mot de passe</label>
            <input class="fr-input" id="login-password" name="password" type="password" autocomplete="current-password" required maxlength="256">
          </div>
        </div>
        <div class="fr-fieldset__element">
          <div class="fr-input-group">
            <label class="fr-label" for="login-totp">Code de vérification (application d’authentification)
              <span class="fr-hint-text">6 chiffres, renouvelés toutes les 30 secondes</span></label>
            <input class="fr-input" id="login-totp" name="totp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required maxlength="16">
          </div>
        </div>
      </fieldset>
      <button data-js disabled type="submit" class="fr-btn" id="login-submit">Se connecter</button>
    </form>
  </div>
</div>`,
  });
}
