import type { AgentPrincipal } from '../agents/agent-principal.ts';
import { readsReports } from '../agents/roles.ts';
import { assetUrl } from '../web/asset-url.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { CONSOLE_DSFR_STYLESHEETS } from '../web/static-assets.ts';
import { ROLE_NAMES } from './console-labels.ts';

/** The sections of the console's navigation; `current` marks the page's own. */
export type ConsoleSection = 'signalements' | 'direct' | 'journal' | 'admin' | 'none';

export interface ConsolePageOptions {
  /** The page's own title; " — Vigie" is appended. */
  title: string;
  main: SafeHtml;
  /** The signed-in agent (header and navigation), absent on the sign-in page. */
  agent?: AgentPrincipal;
  current?: ConsoleSection;
  /** Scripts of src/web/public besides console-common.js. */
  scripts?: readonly string[];
  /** A class on <body> (the intervention sheet prints without the header). */
  bodyClass?: string;
}

/** Where an agent's console starts: the inbox, or the administration for the administrator. */
export function consoleHome(agent: AgentPrincipal | undefined): string {
  if (!agent) return '/console';
  return readsReports(agent.role) ? '/console/signalements' : '/console/admin';
}

function navigation(agent: AgentPrincipal, current: ConsoleSection): SafeHtml {
  const links: { section: ConsoleSection; href: string; label: string }[] = [];
  if (readsReports(agent.role))
    links.push({ section: 'signalements', href: '/console/signalements', label: 'Signalements' });
  if (agent.role === 'operateur') links.push({ section: 'direct', href: '/console/direct', label: 'Direct' });
  if (agent.role === 'superviseur')
    links.push({ section: 'journal', href: '/console/journal', label: 'Journal d’audit' });
  if (agent.role === 'admin')
    links.push({ section: 'admin', href: '/console/admin', label: 'Administration' });
  return html`<div class="fr-header__menu vigie-console-menu">
  <div class="fr-container">
    <nav class="fr-nav" aria-label="Menu principal">
      <ul class="fr-nav__list">
        ${links.map(
          (link) =>
            html`<li class="fr-nav__item"><a class="fr-nav__link" href="${link.href}"${link.section === current ? html` aria-current="page"` : null}>${link.label}</a></li>`,
        )}
      </ul>
    </nav>
  </div>
</div>`;
}

function header(agent: AgentPrincipal | undefined, current: ConsoleSection): SafeHtml {
  const who = agent
    ? html`<div class="fr-header__tools">
        <div class="fr-header__tools-links vigie-console-tools">
          <p class="vigie-console-agent"><span class="fr-sr-only">Connecté : </span><strong>${agent.username}</strong>
            <span class="vigie-console-role">${ROLE_NAMES[agent.role]}${agent.unitCodes.length ? ` · ${agent.unitCodes.join(', ')}` : ''}</span></p>
          <button data-js disabled type="button" id="console-logout" class="fr-btn fr-btn--tertiary fr-btn--sm">Se déconnecter</button>
        </div>
      </div>`
    : null;
  return html`<header role="banner" class="fr-header vigie-console-header">
  <div class="fr-header__body">
    <div class="fr-container">
      <div class="fr-header__body-row">
        <div class="fr-header__brand">
          <div class="fr-header__brand-top">
            <div class="fr-header__logo"><p class="fr-logo">Ministère<br>de l’Intérieur</p></div>
          </div>
          <div class="fr-header__service">
            <a href="${consoleHome(agent)}" title="Accueil — Vigie — Console des forces de l’ordre">
              <p class="fr-header__service-title">Vigie — Console des forces de l’ordre</p>
            </a>
          </div>
        </div>
        ${who}
      </div>
    </div>
  </div>
  ${agent ? navigation(agent, current) : null}
</header>`;
}

/**
 * Renders a console page: DSFR look, skip link, header with the agent and "Se déconnecter", navigation
 * by role. No emergency band and no quick exit (officers at a desk); no inline script or style (CSP).
 */
export function renderConsolePage(options: ConsolePageOptions): string {
  const scripts = ['console-common.js', ...(options.scripts ?? [])];
  return `<!doctype html>\n${
    html`<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${options.title} — Vigie</title>
${CONSOLE_DSFR_STYLESHEETS.map((href) => html`<link rel="stylesheet" href="${href}">`)}
<link rel="stylesheet" href="${assetUrl('console.css')}">
<link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">
${scripts.map((name) => html`<script src="${assetUrl(name)}" defer></script>`)}
</head>
<body class="${`vigie-console ${options.bodyClass ?? ''}`.trim()}">
<div class="fr-skiplinks">
  <nav class="fr-container" aria-label="Accès rapide">
    <ul class="fr-skiplinks__list"><li><a class="fr-link" href="#contenu">Contenu</a></li></ul>
  </nav>
</div>
${header(options.agent, options.current ?? 'none')}
<main id="contenu" class="vigie-console-main" tabindex="-1">
<div class="fr-container fr-container--fluid vigie-console-container">
${options.main}
</div>
</main>
</body>
</html>`.value
  }\n`;
}

/** A console error page (404 out of scope, 403 role), inside the console's layout. */
export function renderConsoleError(
  agent: AgentPrincipal | undefined,
  status: number,
  message: string,
  current: ConsoleSection = 'none',
): string {
  const title = status === 404 ? 'Page introuvable' : status === 403 ? 'Accès refusé' : 'Erreur';
  return renderConsolePage({
    title,
    agent,
    current,
    main: html`<h1>${title}</h1>
<div class="fr-alert fr-alert--error fr-mb-4w"><p>${message}</p></div>
<p><a class="fr-link" href="${consoleHome(agent)}">Retour à l’accueil de la console</a></p>`,
  });
}
